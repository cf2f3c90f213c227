import type offlineZhCN from './offline.zh-CN.ts';

/** English messages of offline editing. */
const offlineEn: typeof offlineZhCN = {
  badge: {
    offline: 'Offline',
    label: 'Edits waiting to upload: {n}',
    labelOffline: 'Offline: edits are kept on this device. Waiting to upload: {n}',
    attention: '{n} need your attention',
  },
  list: {
    title: 'Edits waiting to upload',
    intro: 'Without a connection, edits are kept on this device and uploaded in order when it returns.',
    empty: 'All edits have been uploaded.',
    syncNow: 'Sync now',
    syncing: 'Syncing…',
    state: {
      offline: 'The server cannot be reached: edits upload by themselves once it can.',
      signedOut: 'Your session has ended: sign in again and uploading continues.',
    },
    madeAt: 'Edited {time}',
    status: {
      pending: 'Waiting to upload',
      conflict: 'Someone else changed this record meanwhile: choose which version to keep',
      failed: 'The server refused it: {message}',
    },
    resolve: 'Resolve',
    retry: 'Send again',
    discard: 'Discard',
    discardTitle: 'Discard this edit?',
    discardBody: '“{label}” will be removed from this device and not uploaded.',
    discardConfirm: 'Discard edit',
    actionFailed: 'That did not work: {message}',
  },
  conflict: {
    merged: 'The {n} edits you made to this record offline are shown together and settled at once.',
    deleteIntro:
      'You are deleting this record, but someone changed it meanwhile (now version {version}). Delete it anyway?',
    otherIntro:
      'Someone saved a newer version of this record before your offline action was uploaded (now version {version}). Send it anyway?',
    deleteAnyway: 'Delete anyway',
    sendAnyway: 'Send anyway',
    keepTheirs: 'Give my action up',
    back: 'Back to the list',
  },
};

export default offlineEn;
