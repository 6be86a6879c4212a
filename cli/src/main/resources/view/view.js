// The live view's page script: hand-written, served from the jar, no library.
// Events: "camera" (the newest detection of one camera) and "stats" (series and dead letters).
// A camera draws at most once per animation frame; an update that arrives while the previous one
// is still loading replaces the pending one, so the page drops frames instead of falling behind.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const cameras = new Map();

function el(tag, attrs, text) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function camera(id) {
  let cam = cameras.get(id);
  if (cam) return cam;
  const article = el('article', { class: 'camera', 'data-camera': id });
  const title = el('h3');
  title.append(el('span', { class: 'name' }, id));
  const label = el('label', { class: 'gradcam-toggle' });
  const toggle = el('input', { type: 'checkbox' });
  label.append(toggle, ' Grad-CAM');
  title.append(label);
  const stage = el('div', { class: 'stage' });
  const img = el('img', { class: 'placeholder', alt: '' });
  const svg = el('svg:svg', { class: 'boxes', viewBox: '0 0 640 480', preserveAspectRatio: 'none' });
  stage.append(img, svg);
  const metrics = el('div', { class: 'metrics' });
  article.append(title, stage, metrics);
  document.getElementById('no-camera')?.remove();
  document.getElementById('cameras').append(article);
  cam = { id, article, stage, img, svg, metrics, toggle, pending: null, last: null, busy: false, drawn: 0, dropped: 0 };
  toggle.addEventListener('change', () => { if (cam.last && !cam.pending) { cam.pending = cam.last; schedule(cam); } });
  cameras.set(id, cam);
  return cam;
}

function schedule(cam) {
  if (!cam.busy) draw(cam);
}

async function draw(cam) {
  cam.busy = true;
  while (cam.pending) {
    const update = cam.pending;
    cam.pending = null;
    const src = cam.toggle.checked && update.gradCam ? update.gradCam : update.frame;
    let image = null;
    if (src) {
      image = new Image();
      image.src = src;
      try { await image.decode(); } catch (e) { image = null; }
    }
    render(cam, update, image);
    await new Promise(resolve => requestAnimationFrame(resolve));
  }
  cam.busy = false;
}

function render(cam, update, image) {
  if (image) {
    image.className = 'frame';
    image.alt = cam.id + ' frame ' + update.sequence;
    cam.stage.replaceChild(image, cam.img);
    cam.img = image;
  }
  const w = cam.img.naturalWidth || 640;
  const h = cam.img.naturalHeight || 480;
  cam.svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  cam.svg.replaceChildren();
  const fontSize = Math.max(10, Math.round(w / 32));
  for (const face of update.faces) {
    const [x0, y0, x1, y1] = face.box;
    const g = el('svg:g', { class: 'face class-' + face.classId, 'data-label': face.label });
    g.append(el('svg:rect', { x: x0 * w, y: y0 * h, width: (x1 - x0) * w, height: (y1 - y0) * h }));
    const caption = `${face.label} ${Math.round(face.score * 100)}%`;
    // A label that would run off the right edge ends at the box's right side instead.
    const rightAligned = x0 * w + caption.length * fontSize * 0.6 > w;
    const text = el('svg:text', { class: 'face-label', x: rightAligned ? x1 * w - 2 : x0 * w + 2,
      y: Math.max(fontSize, y0 * h - 3), 'font-size': fontSize, 'text-anchor': rightAligned ? 'end' : 'start' }, caption);
    text.dataset.label = face.label;
    g.append(text);
    cam.svg.append(g);
  }
  cam.article.dataset.sequence = update.sequence;
  if (update !== cam.last) cam.drawn++;
  cam.last = update;
  const c = update.counts;
  cam.metrics.textContent = `${update.fps} frames/s · latency ${update.latencyMs} ms · ` +
    `${c.masked} masked, ${c.unmasked} unmasked, ${c.incorrectlyMasked} worn incorrectly · ` +
    `drew ${cam.drawn} of ${update.detections} detections · ${update.model}` +
    (update.gradCam ? '' : ' · no Grad-CAM on this frame');
}

function drawChart(series) {
  const svg = document.getElementById('chart');
  svg.replaceChildren();
  const W = 600, H = 220, left = 36, bottom = 20, top = 10;
  svg.append(el('svg:line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
  if (series.length === 0) return;
  const last = series[series.length - 1][0];
  const first = last - 119;
  const max = Math.max(1, ...series.map(s => Math.max(s[1], s[2], s[3])));
  const x = t => left + (t - first) / 119 * (W - left - 4);
  const y = v => H - bottom - v / max * (H - bottom - top);
  svg.append(el('svg:text', { x: 2, y: top + 10 }, String(max)), el('svg:text', { x: 2, y: H - bottom }, '0'),
    el('svg:text', { x: left, y: H - 4 }, '-120 s'), el('svg:text', { x: W - 30, y: H - 4 }, 'now'));
  ['masked', 'unmasked', 'incorrectly-masked'].forEach((name, i) => {
    const points = series.map(s => `${x(s[0]).toFixed(1)},${y(s[i + 1]).toFixed(1)}`).join(' ');
    svg.append(el('svg:polyline', { class: name, points }));
    // The newest second as a dot, so a series of one second still shows.
    const newest = series[series.length - 1];
    svg.append(el('svg:circle', { class: name, cx: x(newest[0]).toFixed(1), cy: y(newest[i + 1]).toFixed(1), r: 3 }));
  });
}

function drawDeadLetters(deadLetters, unreadable) {
  const body = document.querySelector('#dead-letters tbody');
  body.replaceChildren();
  const kinds = Object.keys(deadLetters).sort();
  if (kinds.length === 0) body.append(el('tr', { class: 'none' }, 'none'));
  for (const kind of kinds) {
    const row = el('tr', { 'data-kind': kind });
    row.append(el('td', {}, kind), el('td', { class: 'count' }, String(deadLetters[kind])));
    body.append(row);
  }
  document.getElementById('unreadable').textContent = unreadable ? `${unreadable} unreadable records` : '';
}

const status = document.getElementById('status');
const events = new EventSource('/events');
events.addEventListener('open', () => { status.textContent = 'live'; status.classList.add('live'); });
events.addEventListener('error', () => { status.textContent = 'reconnecting'; status.classList.remove('live'); });
events.addEventListener('camera', e => {
  const update = JSON.parse(e.data);
  const cam = camera(update.camera);
  if (cam.pending) cam.dropped++;
  cam.pending = update;
  schedule(cam);
});
events.addEventListener('stats', e => {
  const stats = JSON.parse(e.data);
  drawChart(stats.series);
  drawDeadLetters(stats.deadLetters, stats.unreadable);
});
