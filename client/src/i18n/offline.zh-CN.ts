/** Chinese messages of offline editing (`offline.*`); `offline.en.ts` must have the same keys. */
const offlineZhCN = {
  badge: {
    offline: '离线',
    label: '待上传的修改：{n} 条',
    labelOffline: '当前离线，修改先保存在本机。待上传：{n} 条',
    attention: '{n} 条需要处理',
  },
  list: {
    title: '待上传的修改',
    intro: '没有网络时，修改先保存在这台设备上，联网后按修改顺序自动上传。',
    empty: '所有修改都已上传。',
    syncNow: '立即同步',
    syncing: '正在同步…',
    state: {
      offline: '现在连不上服务器：联网后会自动上传。',
      signedOut: '登录已过期：请重新登录，之后会继续上传。',
    },
    madeAt: '修改于 {time}',
    status: {
      pending: '等待上传',
      conflict: '在此期间别人也修改了这条记录，请选择保留哪个版本',
      failed: '服务器未接受：{message}',
    },
    resolve: '处理冲突',
    retry: '重新发送',
    discard: '放弃',
    discardTitle: '放弃这条修改？',
    discardBody: '“{label}”将从这台设备上删除，不会上传。',
    discardConfirm: '放弃修改',
    actionFailed: '操作未完成：{message}',
  },
  conflict: {
    merged: '您离线时对这条记录做的 {n} 次修改合在一起显示，按一次处理。',
    deleteIntro: '您要删除这条记录，但在此期间别人修改了它（现在是第 {version} 版）。仍要删除吗？',
    otherIntro: '您离线时的这条操作上传时，别人已经保存了新的版本（现在是第 {version} 版）。仍要发送吗？',
    deleteAnyway: '仍然删除',
    sendAnyway: '仍然发送',
    keepTheirs: '放弃我的操作',
    back: '返回列表',
  },
};

export default offlineZhCN;
