/**
 * Leaflet's bindTooltip/bindPopup set a string as innerHTML: user text (a name with `<img
 * onerror=…>`) must go in as an element whose text is set with textContent.
 * @example layer.bindTooltip(textTip(asset.name))
 */
export function textTip(text: string, doc: Pick<Document, 'createElement'> = document): HTMLElement {
  const el = doc.createElement('span');
  el.textContent = text;
  return el;
}
