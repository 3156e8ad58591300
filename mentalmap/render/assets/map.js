/* mentalmap interactive map.
 *
 * All paper text arrives as JSON data and reaches the page only through textContent /
 * createTextNode or the canvas: nothing from the data is ever parsed as HTML, and vis-network
 * never gets a `title` (its tooltips can render HTML), we draw our own tooltip instead.
 *
 * Paper record keys (see mentalmap/render/html.py build_map_data):
 *   i paperId, t title, y year, v venue, a authors, c S2 citations, rc references,
 *   ic influential citations, m in-map citations, r role index, why role reason, cf confidence,
 *   k band index, im importance, x / yy position, s seed, ab abstract, tl TLDR, doi, ax arXiv id,
 *   pdf open-access PDF, code code URL, hc has code, p parent (paper index),
 *   sim similar papers [[paper index, cited together by, shared references], ...].
 * Papers are sorted by importance, so a paper's index is also its rank.
 * D.log: the user's reading log, {id: paper index, deepest: pass, entries: [{pass, note, at}]}
 * with passes "1", "2", "3", "deep", shallowest first.
 * D.expand: null, or the `mentalmap expand` command as [before the paper id, after it] (the
 * store's path already shell-quoted); the panel shows it with the clicked paper's id quoted.
 */
(function () {
  "use strict";
  var marks = { start: performance.now() };  // load-time milestones, read by the benchmark
  var D = JSON.parse(document.getElementById("mm-data").textContent);
  marks.parsed = performance.now();
  var P = D.papers;
  var N = P.length;
  var ROLES = D.roles;
  var SHAPES = {
    foundational: "square", technique: "diamond", tweak: "triangle",
    survey: "star", frontier: "triangleDown", other: "dot"
  };
  var ROLE_TEXT = {
    foundational: "foundational work", technique: "technique", tweak: "tweak of a technique",
    survey: "survey", frontier: "recent frontier", other: "other"
  };
  var LINEAGE = "#e41a1c";
  // Fainter when there are many citations, so thousands of lines stay a haze, not a rope.
  var EDGE_ALPHA = Math.min(0.2, Math.max(0.045, 5 / Math.sqrt(D.edges.length / 2 + 1)));
  var EDGE_COLOR = "rgba(105,112,130," + EDGE_ALPHA.toFixed(3) + ")";
  var BATCH = Math.max(1, D.top);
  var HTTP = /^https?:\/\//i;
  var PASSES = ["1", "2", "3", "deep"];
  // How the ring around a paper you read looks, by its deepest pass (legend built from this too).
  var PASS_TEXT = {
    "1": "skimmed it (pass 1)", "2": "read it (pass 2)", "3": "studied it (pass 3)",
    deep: "worked with it (deep)"
  };
  var RING = "#1b7a3a";
  // What each number in a reason or in the panel means, in one sentence, and where it comes
  // from (docs/methods.md): `key` is the paper record's field, `match` finds it in a reason.
  var SIGNALS = [
    { key: "rp", name: "R(p)", match: /R\(p\)/, gist: "PageRank for its age",
      text: "PageRank rescaled for age: how many standard deviations the paper's PageRank " +
        "lies above that of the papers published around the same time (0: typical for its age).",
      source: "Mariani, Medo & Zhang 2016" },
    { key: "cd", name: "CD index", match: /\bCD\b/, gist: "disruption, from \u22121 to +1",
      text: "Disruption, from \u22121 to +1: near +1 when the papers citing it no longer cite " +
        "its references (it displaced them), near \u22121 when they cite both (it " +
        "consolidated them); counted over 5 years, blank when too few papers cite it.",
      source: "Funk & Owen-Smith 2017; Wu, Wang & Evans 2019" },
    { name: "z", match: /\(z -?\d/, gist: "how far it stands out in this map",
      text: "How far the paper stands out from this map's papers on the signal named, in " +
        "standard deviations (a robust or a binomial z-score: 1.6 is unusual, 3.5 an outlier).",
      source: "Iglewicz & Hoaglin 1993" },
    { name: "evidence", match: /\(evidence /, gist: "how strongly it builds on that paper",
      text: "How strongly its citation points to the work it builds on: method intent, " +
        "S2's influential flag and naming that work's method, added up.",
      source: "Cohan et al. 2019 (intents); docs/methods.md" },
    { key: "cf", name: "confidence", match: null, gist: "how clearly the role's rule held",
      text: "How clearly the paper passed its role's rule, from 0.3 to 0.95: a strength, " +
        "not a probability.",
      source: "docs/methods.md, Roles" }
  ];
  var signalsOpen = true;  // the panel's "What these numbers mean", as the user last left it
  var LABEL_CHARS = 28;  // a title on the map; the whole title is in the tooltip and the panel
  var STEP_MS = 600;  // one year per step when replaying the field's growth

  // --- indexes -------------------------------------------------------------------------------
  var refs = [], cits = [], kids = [];
  var i;
  for (i = 0; i < N; i++) { refs.push([]); cits.push([]); kids.push([]); }
  for (i = 0; i < D.edges.length; i += 2) {
    refs[D.edges[i]].push(D.edges[i + 1]);
    cits[D.edges[i + 1]].push(D.edges[i]);
  }
  for (i = 0; i < N; i++) { if (P[i].p !== undefined) kids[P[i].p].push(i); }
  var readingN = {}, readingOf = {};
  D.reading.forEach(function (r) { readingN[r.id] = r.n; readingOf[r.id] = r; });
  var logOf = {};
  (D.log || []).forEach(function (r) { logOf[r.id] = r; });
  var LOGGED = (D.log || []).map(function (r) { return r.id; });
  var searchText = P.map(function (p) { return ((p.t || "") + " \u0001 " + (p.a || "")).toLowerCase(); });

  // --- state ---------------------------------------------------------------------------------
  var state = {
    q: "", yearMin: D.years[0], yearMax: D.years[1], roles: {}, bands: {}, code: false,
    minCites: 0, readingOnly: false, focus: null, showEdges: true, labels: true,
    read: "all", asOf: D.years[1]  // asOf: the year slider; the last year means "no cut"
  };
  ROLES.forEach(function (r, k) { state.roles[k] = true; });
  D.bands.forEach(function (b) { state.bands[b.k] = true; });
  var loaded = new Uint8Array(N);
  var pinned = {};
  var nextRank = 0;
  var focusSet = null;

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var view = new vis.DataView(nodes, { filter: function (item) { return passes(item.id); } });
  // Citation edges are drawn by us in one canvas path (see drawCitations): tens of thousands of
  // vis Edge objects cost seconds to build. vis holds only the lineage edges, plus hidden
  // citation edges as springs once physics is switched on.
  var springs = false;
  var visible = new Uint8Array(N);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function roleName(p) { return ROLES[p.r] || "other"; }
  function bandOf(p) { return D.bands[p.k]; }
  /* A title short enough to label a node: the name before a colon when there is one ("BERT:
   * Pre-training of ..." -> "BERT"), else the first words up to LABEL_CHARS. */
  function shortTitle(t) {
    var colon = t.indexOf(":");
    if (colon >= 3 && colon <= LABEL_CHARS) return t.slice(0, colon);
    if (t.length <= LABEL_CHARS) return t;
    var cut = t.slice(0, LABEL_CHARS - 1), space = cut.lastIndexOf(" ");
    if (space > LABEL_CHARS / 2) cut = cut.slice(0, space);
    return cut.replace(/[\s,;:.\u2013-]+$/, "") + "\u2026";
  }
  /* The signals to explain for a paper: its R(p), CD index and confidence, and every term its
   * role's reason uses. */
  function signalsOf(p, inReasonOnly) {
    return SIGNALS.filter(function (g) {
      var inReason = g.match !== null && !!p.why && g.match.test(p.why);
      return inReason || (!inReasonOnly && g.key !== undefined && p[g.key] !== undefined);
    });
  }
  function signalList(list, p) {
    var dl = el("dl", "mm-signals");
    list.forEach(function (g) {
      var value = p && g.key !== undefined && p[g.key] !== undefined ? " " + p[g.key] : "";
      dl.appendChild(el("dt", null, g.name + value));
      var dd = el("dd", null, g.text + " ");
      dd.appendChild(el("span", "mm-src", "(" + g.source + ")"));
      dl.appendChild(dd);
    });
    return dl;
  }

  function passes(idx) {
    if (focusSet) return focusSet.has(idx);
    if (pinned[idx]) return true;
    var p = P[idx];
    if (state.readingOnly && readingN[idx] === undefined) return false;
    if (state.read !== "all" && (logOf[idx] !== undefined) !== (state.read === "read")) return false;
    // Replaying the growth: only papers published by then (an undated paper has no "then").
    if (state.asOf < D.years[1] && (p.y === undefined || p.y > state.asOf)) return false;
    if (!state.roles[p.r] || !state.bands[p.k]) return false;
    if (p.y !== undefined && (p.y < state.yearMin || p.y > state.yearMax)) return false;
    if (state.code && !p.hc) return false;
    if (state.minCites > 0 && (p.c || 0) < state.minCites) return false;
    if (state.q && searchText[idx].indexOf(state.q) < 0) return false;
    return true;
  }

  function nodeSize(p) { return 5 + 13 * Math.sqrt(p.im || 0); }

  function makeNode(idx) {
    var p = P[idx];
    var band = bandOf(p);
    var node = {
      id: idx, x: p.x, y: p.yy,
      size: nodeSize(p),
      shape: SHAPES[roleName(p)] || "dot",
      color: {
        background: band.color, border: p.s ? "#111" : "rgba(0,0,0,0.35)",
        highlight: { background: band.color, border: "#000" },
        hover: { background: band.color, border: "#333" }
      },
      borderWidth: p.s ? 4 : 1,
      borderWidthSelected: p.s ? 5 : 3
    };
    return node;
  }

  function lineageEdge(a, b) {
    return {
      id: "L" + a + ">" + b, from: a, to: b, width: 2.6,
      color: { color: LINEAGE, highlight: LINEAGE, hover: LINEAGE },
      arrows: { to: { enabled: true, scaleFactor: 0.7 } }
    };
  }
  function springEdges(list) {
    var out = [];
    list.forEach(function (a) {
      refs[a].forEach(function (b) {
        if (loaded[b]) out.push({ id: "C" + a + ">" + b, from: a, to: b, hidden: true });
      });
    });
    return out;
  }

  /* Add papers (and the lineage edges among loaded papers) to the map. */
  function load(indices) {
    var newNodes = [], newEdges = [], seen = {};
    indices.forEach(function (idx) {
      if (loaded[idx] || seen[idx]) return;
      seen[idx] = 1;
      loaded[idx] = 1;
      newNodes.push(makeNode(idx));
    });
    newNodes.forEach(function (n) {
      var a = n.id, par = P[a].p;
      if (par !== undefined && loaded[par]) newEdges.push(lineageEdge(a, par));
      kids[a].forEach(function (c) {
        if (loaded[c] && !seen[c]) newEdges.push(lineageEdge(c, a));
      });
    });
    if (springs) {
      var fresh = newNodes.map(function (n) { return n.id; });
      var back = [];
      fresh.forEach(function (a) {
        cits[a].forEach(function (c) { if (loaded[c] && !seen[c]) back.push(c); });
      });
      newEdges = newEdges.concat(springEdges(fresh), springEdges(back).filter(function (e) {
        return seen[e.to];
      }));
    }
    if (newNodes.length) nodes.add(newNodes);
    newNodes.forEach(function (n) { visible[n.id] = passes(n.id) ? 1 : 0; });
    if (newEdges.length) edges.update(newEdges);
    while (nextRank < N && loaded[nextRank]) nextRank++;
    return newNodes.length;
  }

  // --- network -------------------------------------------------------------------------------
  var initial = [];
  for (i = 0; i < Math.min(BATCH, N); i++) initial.push(i);
  for (i = 0; i < N; i++) if (P[i].s) initial.push(i);
  D.reading.forEach(function (r) { initial.push(r.id); });
  initial = initial.concat(LOGGED);  // what you read is always on the map
  load(initial);
  marks.loaded = performance.now();

  var container = $("mm-network");
  var big = N > 1500 || D.edges.length > 40000;
  var network = new vis.Network(container, { nodes: view, edges: edges }, {
    autoResize: true,
    layout: { improvedLayout: false },
    physics: {
      enabled: false, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -40, springLength: 90, avoidOverlap: 0.4 },
      stabilization: false
    },
    interaction: {
      hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false,
      tooltipDelay: 3600000, zoomSpeed: 0.7
    },
    nodes: {
      font: { size: 13, face: "system-ui, sans-serif", color: "#1f2430", strokeWidth: 4,
              strokeColor: "rgba(255,255,255,0.92)" },
      shapeProperties: { interpolation: false }
    },
    edges: {
      smooth: false, width: 0.7, selectionWidth: 1.2, hoverWidth: 0.5,
      color: { inherit: false },
      arrows: { to: { enabled: false } }
    }
  });

  marks.network = performance.now();

  // Sub-topic bands and year gridlines behind the nodes (canvas space); their labels on top,
  // in screen space, pinned to the left and top edges so they stay readable at any zoom.
  var hasUndated = P.some(function (p) { return p.y === undefined; });
  var yw = D.yearWidth, firstYear = D.years[0], lastYear = D.years[1];
  var bandX0 = (hasUndated ? D.undatedX : 0) - yw / 2, bandX1 = (lastYear - firstYear) * yw + yw / 2;
  var lastBand = D.bands[D.bands.length - 1];
  var bandY1 = lastBand ? lastBand.top + lastBand.h : 0;
  var yearStep = (lastYear - firstYear) > 40 ? 10 : (lastYear - firstYear) > 12 ? 5 : 1;
  network.on("beforeDrawing", function (ctx) {
    D.bands.forEach(function (b, n) {
      ctx.globalAlpha = n % 2 ? 0.07 : 0.11;
      ctx.fillStyle = b.color;
      ctx.fillRect(bandX0, b.top, bandX1 - bandX0, b.h);
    });
    ctx.globalAlpha = 1;
    if (state.asOf < lastYear) {  // the years still to come, washed out
      var cut = (state.asOf - firstYear) * yw + yw / 2;
      ctx.fillStyle = "rgba(252,252,253,0.8)";
      ctx.fillRect(cut, 0, bandX1 - cut, bandY1);
      if (hasUndated) ctx.fillRect(bandX0, 0, -bandX0 - yw / 2, bandY1);
      ctx.strokeStyle = "rgba(31,36,48,0.4)";
      ctx.lineWidth = 1.5 / network.getScale();
      ctx.beginPath(); ctx.moveTo(cut, 0); ctx.lineTo(cut, bandY1); ctx.stroke();
    }
    if (state.showEdges) drawCitations(ctx);
    ctx.strokeStyle = "rgba(0,0,0,0.08)";
    ctx.lineWidth = 1 / network.getScale();
    for (var yr = firstYear; yr <= lastYear; yr++) {
      if (yr % yearStep !== 0) continue;
      var x = (yr - firstYear) * yw;
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, bandY1); ctx.stroke();
    }
  });
  /* All citations among visible papers as one faint path, then the selected paper's in ink. */
  function drawCitations(ctx) {
    var ids = view.getIds();
    var pos = network.getPositions(ids);
    var scale = network.getScale();
    var E = D.edges, a, b, pa, pb, k;
    ctx.beginPath();
    for (k = 0; k < E.length; k += 2) {
      a = E[k]; b = E[k + 1];
      if (!visible[a] || !visible[b]) continue;
      pa = pos[a]; pb = pos[b];
      if (!pa || !pb) continue;  // a paper the network has not placed yet
      ctx.moveTo(pa.x, pa.y);
      ctx.lineTo(pb.x, pb.y);
    }
    ctx.strokeStyle = EDGE_COLOR;
    ctx.lineWidth = Math.max(0.8, 0.6 / scale);
    ctx.stroke();
    var sel = network.getSelectedNodes()[0];
    if (sel === undefined || !pos[sel]) return;
    ctx.beginPath();
    refs[sel].concat(cits[sel]).forEach(function (j) {
      if (!pos[j]) return;
      ctx.moveTo(pos[sel].x, pos[sel].y);
      ctx.lineTo(pos[j].x, pos[j].y);
    });
    ctx.strokeStyle = "rgba(45,55,75,0.55)";
    ctx.lineWidth = Math.max(1.2, 1 / scale);
    ctx.stroke();
  }

  function pill(ctx, text, x, y, color, align) {
    var w = ctx.measureText(text).width + 10;
    var left = align === "center" ? x - w / 2 : x;
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(left, y, w, 18);
    ctx.fillStyle = color;
    ctx.fillText(text, left + 5, y + 9);
  }
  /* Names of the most important papers in view, in screen space so they stay readable at any
   * zoom; greedy by rank, skipping any label that would overlap one already drawn. */
  var labelled = [];  // what the last frame labelled: {text, box: [x0, y0, x1, y1]}, for tests
  function drawLabels(ctx, taken) {
    var w = container.clientWidth, h = container.clientHeight;
    var ids = view.getIds();
    ids.sort(function (a, b) { return a - b; });
    var pos = network.getPositions(ids);
    var scale = network.getScale();
    // About one title per 110 x 110 px of map: a narrow map gets fewer, never a pile.
    var max = Math.min(60, 10 + Math.round(scale * 30), Math.floor(w * h / 12000));
    var boxes = taken.slice(), drawn = 0;
    var badges = D.reading.map(function (r) { return r.id; }).filter(function (j) {
      return loaded[j] && passes(j);
    });
    var bpos = network.getPositions(badges);
    badges.forEach(function (j) {  // keep titles off the reading-list badges
      if (!bpos[j]) return;
      var off = nodeSize(P[j]) * 0.8;
      var b = network.canvasToDOM({ x: bpos[j].x - off, y: bpos[j].y - off });
      boxes.push([b.x - 10, b.y - 10, b.x + 10, b.y + 10, j]);
    });
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    for (var n = 0; n < ids.length && drawn < max; n++) {
      var id = ids[n], p = P[id];
      var q = pos[id];
      if (!q) continue;
      var d = network.canvasToDOM(q);
      if (d.x < 0 || d.y < 0 || d.x > w || d.y > h) continue;
      var text = (p.s ? "★ " : "") + shortTitle(p.t);
      var reach = logOf[id] ? ringRadius(id, ringPx(scale)) + ringPx(scale) : nodeSize(p);
      var lx = d.x + reach * scale + 4, tw = ctx.measureText(text).width + 8;
      var box = [lx, d.y - 9, lx + tw, d.y + 9];
      var hits = boxes.filter(function (b) {
        return b[4] !== id && box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
      });
      // A badge in the way shortens the title rather than hiding it; a title in the way hides it.
      if (hits.length && hits.every(function (b) { return b[4] !== undefined; })) {
        var room = Math.min.apply(null, hits.map(function (b) { return b[0]; })) - lx - 10;
        while (text.length > 12 && ctx.measureText(text + "…").width > room) text = text.slice(0, -1);
        if (text.length <= 12 || room < 60) continue;
        text = text.replace(/[\s.…]+$/, "") + "…";
        tw = ctx.measureText(text).width + 8;
        box = [lx, d.y - 9, lx + tw, d.y + 9];
      } else if (hits.length) continue;
      if (box[2] > w || box[1] < 22) continue;  // off the map, or on the year axis
      boxes.push(box);
      labelled.push({ text: text, box: box });
      drawn++;
      ctx.fillStyle = "rgba(255,255,255,0.8)";
      ctx.fillRect(box[0], box[1], tw, 18);
      ctx.fillStyle = "#1f2430";
      ctx.fillText(text, lx + 4, d.y);
    }
  }

  function drawAxes(ctx) {
    var ratio = window.devicePixelRatio || 1;
    var w = container.clientWidth, h = container.clientHeight;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    // Sub-topic names first: titles then keep off them, and a band too thin to show its name
    // without covering the one above goes unnamed (its colour is in the legend).
    ctx.font = "600 13px system-ui, sans-serif";
    var bandBoxes = [];
    labelled = [];
    D.bands.forEach(function (b) {
      var top = network.canvasToDOM({ x: bandX0, y: b.top });
      var bottom = network.canvasToDOM({ x: bandX0, y: b.top + b.h });
      if (bottom.y < 20 || top.y > h) return;
      var y = Math.min(Math.max(top.y + 3, 24), bottom.y - 21);
      var x = Math.max(top.x + 3, 4), box = [x, y, x + ctx.measureText(b.label).width + 10, y + 18];
      if (bandBoxes.some(function (o) { return box[1] < o[3] && box[3] > o[1] && box[0] < o[2]; })) return;
      bandBoxes.push(box);
      labelled.push({ text: b.label, box: box, band: true, color: b.color });
    });
    ctx.save();
    if (state.labels) drawLabels(ctx, bandBoxes);
    ctx.restore();
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.font = "600 13px system-ui, sans-serif";
    labelled.forEach(function (l) {
      if (l.band) pill(ctx, l.text, l.box[0], l.box[1], l.color, "left");
    });
    ctx.font = "12px system-ui, sans-serif";
    var px = network.getScale() * yw;
    var step = Math.max(yearStep, px < 12 ? 10 : px < 30 ? 5 : px < 60 ? 2 : 1);
    for (var yr = firstYear; yr <= lastYear; yr++) {
      if (yr % step !== 0 && yr !== firstYear) continue;
      var x = network.canvasToDOM({ x: (yr - firstYear) * yw, y: 0 }).x;
      if (x < 0 || x > w) continue;
      pill(ctx, String(yr), x, 3, "#556", "center");
    }
    if (hasUndated) {
      var ux = network.canvasToDOM({ x: D.undatedX, y: 0 }).x;
      if (ux > 0 && ux < w) pill(ctx, "no year", ux, 3, "#556", "center");
    }
    if (state.asOf < lastYear) {
      var cx = network.canvasToDOM({ x: (state.asOf - firstYear) * yw + yw / 2, y: 0 }).x;
      ctx.font = "600 12px system-ui, sans-serif";
      if (cx > 0 && cx < w) pill(ctx, "as of " + state.asOf, cx, 24, "#1f2430", "center");
    }
    ctx.restore();
  }

  /* Rings around the papers you read: dashed after pass 1, solid after pass 2, thick after
   * pass 3, double once you worked with it ("deep"). Sizes in screen pixels, growing with the
   * node once zoomed in. */
  function ringPx(scale) { return Math.max(1 / scale, 0.6); }
  /* Radius of a paper's (outer) ring, in canvas units. */
  function ringRadius(idx, px) {
    var p = P[idx];
    return nodeSize(p) * (SHAPES[roleName(p)] === "square" ? 1.42 : 1.15) + 3 * px +
      (logOf[idx].deepest === "deep" ? 3 * px : 0);
  }
  var ringed = [];  // what the last frame ringed, for tests
  function drawRings(ctx) {
    var ids = LOGGED.filter(function (id) { return loaded[id] && visible[id]; });
    ringed = ids;
    if (!ids.length) return;
    var pos = network.getPositions(ids);
    var px = ringPx(network.getScale());
    ctx.strokeStyle = RING;
    ids.forEach(function (id) {
      var q = pos[id];
      if (!q) return;
      var deepest = logOf[id].deepest;
      var r = ringRadius(id, px) - (deepest === "deep" ? 3 * px : 0);
      ctx.setLineDash(deepest === "1" ? [3 * px, 2.5 * px] : []);
      ctx.lineWidth = (deepest === "3" ? 3 : deepest === "deep" ? 1.5 : 1.8) * px;
      ctx.beginPath(); ctx.arc(q.x, q.y, r, 0, 2 * Math.PI); ctx.stroke();
      if (deepest === "deep") {
        ctx.beginPath(); ctx.arc(q.x, q.y, r + 3 * px, 0, 2 * Math.PI); ctx.stroke();
      }
    });
    ctx.setLineDash([]);
  }

  // Reading-log rings, then reading-list badges, numbered, at the top left of each paper's node.
  network.on("afterDrawing", function (ctx) {
    drawRings(ctx);
    drawAxes(ctx);
    var ids = D.reading.map(function (r) { return r.id; }).filter(function (id) {
      return loaded[id] && passes(id);
    });
    if (!ids.length) return;
    var pos = network.getPositions(ids);
    var scale = network.getScale();
    var r = Math.max(9, 8 / scale);
    ctx.font = "700 " + (r * 1.15) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ids.forEach(function (id) {
      var p = pos[id];
      if (!p) return;
      var off = nodeSize(P[id]);
      var bx = p.x - off * 0.8, by = p.y - off * 0.8;  // top left: the title goes right
      ctx.beginPath(); ctx.arc(bx, by, r, 0, 2 * Math.PI);
      ctx.fillStyle = "#1f2430"; ctx.fill();
      ctx.lineWidth = r * 0.18; ctx.strokeStyle = "#fff"; ctx.stroke();
      ctx.fillStyle = "#fff";
      ctx.fillText(String(readingN[id]), bx, by + 0.5);
    });
    ctx.textAlign = "left";
  });

  // --- tooltip -------------------------------------------------------------------------------
  var tooltip = $("mm-tooltip");
  function counts(p) {
    var parts = [];
    if (p.c !== undefined) parts.push(p.c + " citations");
    parts.push(p.m + " in this map");
    if (p.ic) parts.push(p.ic + " influential");
    return parts.join(" · ");
  }
  network.on("hoverNode", function (params) {
    var p = P[params.node];
    tooltip.replaceChildren(
      el("div", "mm-tt-title", p.t),
      el("div", "mm-tt-meta", [p.y || "n.d.", p.v].filter(Boolean).join(" · ")),
      el("div", "mm-tt-meta", counts(p)),
      el("div", "mm-tt-meta", ROLE_TEXT[roleName(p)] + (p.why ? ": " + p.why : ""))
    );
    var gloss = signalsOf(p, true).map(function (g) { return g.name + ": " + g.gist; });
    if (gloss.length) tooltip.appendChild(el("div", "mm-tt-meta mm-tt-gloss", gloss.join(" · ")));
    if (logOf[params.node]) tooltip.appendChild(el("div", "mm-tt-meta mm-tt-read", readSummary(params.node)));
    var box = container.getBoundingClientRect();
    var x = params.pointer.DOM.x + 14, y = params.pointer.DOM.y + 14;
    tooltip.hidden = false;
    if (x + tooltip.offsetWidth > box.width) x = Math.max(0, x - tooltip.offsetWidth - 28);
    if (y + tooltip.offsetHeight > box.height) y = Math.max(0, y - tooltip.offsetHeight - 28);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  });
  network.on("blurNode", function () { tooltip.hidden = true; });
  network.on("dragStart", function () { tooltip.hidden = true; });
  network.on("zoom", function () { tooltip.hidden = true; });

  // --- reading log ---------------------------------------------------------------------------
  function readSummary(idx) {
    return "\u2713 You read: " + logOf[idx].entries.map(function (e) { return "pass " + e.pass; }).join(", ");
  }
  /* The passes you logged for a paper and your notes, all as text. */
  function logBlock(idx) {
    var frag = document.createDocumentFragment();
    var rec = logOf[idx];
    frag.appendChild(el("h4", null, "Your reading"));
    frag.appendChild(el("div", "mm-meta mm-read-summary", readSummary(idx)));
    var ul = el("ul", "mm-log");
    rec.entries.forEach(function (e) {
      var li = el("li");
      li.appendChild(el("span", "mm-log-pass", "pass " + e.pass + (e.at ? " · " + e.at : "")));
      if (e.note) {
        li.appendChild(document.createTextNode(" \u2014 note: "));
        li.appendChild(el("q", "mm-log-note", e.note));
      }
      ul.appendChild(li);
    });
    frag.appendChild(ul);
    return frag;
  }

  // --- side panel ----------------------------------------------------------------------------
  var panel = $("mm-panel"), panelBody = $("mm-panel-body");
  var SHELL_SAFE = /^[A-Za-z0-9_@%+=:,.\/-]+$/;
  // Python's shlex.quote: the word as it is when nothing in it is special, else single-quoted.
  function shellQuote(s) {
    s = String(s);
    if (!s) return "''";
    return SHELL_SAFE.test(s) ? s : "'" + s.replace(/'/g, "'\"'\"'") + "'";
  }
  function expandCommand(idx) {
    return D.expand ? D.expand[0] + shellQuote(P[idx].i) + D.expand[1] : null;
  }
  function expandBlock(idx) {
    var frag = document.createDocumentFragment();
    var command = expandCommand(idx);
    frag.appendChild(el("h4", null, "Grow the map from here"));
    frag.appendChild(el("div", "mm-meta", "Adds this paper's neighbourhood to the store (run in a terminal):"));
    var row = el("div", "mm-expand");
    var code = el("code", "mm-expand-cmd", command);
    var copy = el("button", "mm-copy", "Copy");
    copy.type = "button";
    copy.title = "Copy the command";
    copy.addEventListener("click", function () {
      var range = document.createRange();  // selected, so Ctrl+C works where the clipboard does not
      range.selectNodeContents(code);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(command).then(function () { copy.textContent = "Copied"; },
          function () { copy.textContent = "Selected"; });
      } else {
        copy.textContent = "Selected";
      }
    });
    row.appendChild(code);
    row.appendChild(copy);
    frag.appendChild(row);
    return frag;
  }
  function link(href, text) {
    if (!href || !HTTP.test(href)) return null;
    var a = el("a", null, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  // A paper in a panel list: its year, and its title as a button that selects it.
  function workItem(j) {
    var li = el("li");
    li.appendChild(el("span", "mm-year", P[j].y || "n.d."));
    var b = el("button", null, P[j].t);
    b.type = "button";
    b.dataset.idx = j;
    b.addEventListener("click", function () { select(j, true); });
    li.appendChild(b);
    return li;
  }
  function worksList(title, list) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h4", null, title + " (" + list.length + ")"));
    if (!list.length) { frag.appendChild(el("div", "mm-meta", "none in this map")); return frag; }
    var ul = el("ul", "mm-works");
    list.slice().sort(function (a, b) { return a - b; }).slice(0, 60).forEach(function (j) {
      ul.appendChild(workItem(j));
    });
    frag.appendChild(ul);
    if (list.length > 60) frag.appendChild(el("div", "mm-meta", "… and " + (list.length - 60) + " more"));
    return frag;
  }
  // Co-citation (Small 1973) and bibliographic coupling (Kessler 1963), counted over the whole
  // map; the same list as `mentalmap similar`.
  function similarList(p) {
    var frag = document.createDocumentFragment();
    var ties = p.sim || [];
    frag.appendChild(el("h4", null, "Similar papers (" + ties.length + ")"));
    if (!ties.length) {
      frag.appendChild(el("div", "mm-meta", "none in this map shares a citer or a reference with it"));
      return frag;
    }
    var ul = el("ul", "mm-works mm-similar");
    ties.forEach(function (tie) {
      var li = workItem(tie[0]);
      li.appendChild(el("span", "mm-meta mm-ties",
        " cited together by " + tie[1] + ", " + tie[2] + " shared references"));
      ul.appendChild(li);
    });
    frag.appendChild(ul);
    return frag;
  }
  function showPanel(idx) {
    var p = P[idx];
    var kids_ = [];
    panelBody.replaceChildren();
    panelBody.dataset.idx = idx;
    panelBody.appendChild(el("h3", "mm-panel-title", p.t));
    panelBody.appendChild(el("div", "mm-meta", [p.y || "n.d.", p.v].filter(Boolean).join(" · ")));
    if (p.a) panelBody.appendChild(el("div", "mm-meta mm-authors", p.a));
    panelBody.appendChild(el("div", "mm-meta", counts(p)));
    var roleLine = el("div", "mm-meta");
    var badge = el("span", "mm-role", roleName(p));
    badge.style.background = bandOf(p).color;
    roleLine.appendChild(badge);
    roleLine.appendChild(document.createTextNode(
      (p.why || ROLE_TEXT[roleName(p)]) + (p.cf !== undefined ? " (confidence " + p.cf + ")" : "")));
    panelBody.appendChild(roleLine);
    var signals = signalsOf(p, false);
    if (signals.length) {  // what each number means, folded away once you know (for every paper)
      var explained = el("details", "mm-explained");
      explained.open = signalsOpen;
      explained.appendChild(el("summary", null, "What these numbers mean"));
      explained.appendChild(signalList(signals, p));
      explained.addEventListener("toggle", function () { signalsOpen = explained.open; });
      panelBody.appendChild(explained);
    }
    panelBody.appendChild(el("div", "mm-meta", "Sub-topic: " + bandOf(p).label +
      (p.s ? " · seed paper" : "") +
      (readingN[idx] !== undefined ? " · reading list #" + readingN[idx] : "")));
    if (p.p !== undefined) {
      var par = el("div", "mm-meta mm-parent", "Builds on: ");
      var pb = el("button", null, P[p.p].t);
      pb.type = "button";
      pb.addEventListener("click", function () { select(p.p, true); });
      par.appendChild(pb);
      panelBody.appendChild(par);
    }
    if (logOf[idx]) panelBody.appendChild(logBlock(idx));
    var rd = readingOf[idx];
    if (rd) {
      panelBody.appendChild(el("h4", null, "Reading list #" + rd.n + (rd.section ? " · " + rd.section : "")));
      if (rd.why) panelBody.appendChild(el("div", "mm-meta", rd.why));
      if (rd.passes) panelBody.appendChild(el("div", "mm-meta", "How to read: " + rd.passes));
    }
    var links = el("div", "mm-meta mm-links");
    [link("https://www.semanticscholar.org/paper/" + encodeURIComponent(p.i), "Semantic Scholar"),
      p.doi ? link("https://doi.org/" + encodeURI(p.doi), "DOI") : null,
      p.ax ? link("https://arxiv.org/abs/" + encodeURI(p.ax), "arXiv") : null,
      link(p.pdf, "PDF"),
      link(p.code, "code")
    ].forEach(function (a) { if (a) links.appendChild(a); });
    panelBody.appendChild(links);
    var actions = el("div", "mm-actions");
    var fb = el("button", "mm-focus-btn", "Focus neighbourhood");
    fb.type = "button";
    fb.addEventListener("click", function () { setFocus(idx); });
    actions.appendChild(fb);
    panelBody.appendChild(actions);
    if (D.expand) panelBody.appendChild(expandBlock(idx));
    if (p.tl) { panelBody.appendChild(el("h4", null, "TL;DR")); panelBody.appendChild(el("div", "mm-abstract", p.tl)); }
    if (p.ab) { panelBody.appendChild(el("h4", null, "Abstract")); panelBody.appendChild(el("div", "mm-abstract", p.ab)); }
    panelBody.appendChild(similarList(p));
    panelBody.appendChild(worksList("Prior works it cites", refs[idx]));
    kids_ = cits[idx];
    panelBody.appendChild(worksList("Derivative works citing it", kids_));
    panel.scrollTop = 0;
    if (panel.hidden || main.classList.contains("mm-panel-collapsed")) {
      // The map narrows to make room; bring the paper back into view if it is now off the map.
      panel.hidden = false;
      setPanel(true, false);
      var pos = network.getPositions([idx])[idx];
      if (!pos) return;
      var d = network.canvasToDOM(pos);
      if (d.x > container.clientWidth - 20 || d.x < 0) {
        network.moveTo({ position: pos, animation: { duration: 300 } });
      }
    }
  }
  var main = $("mm-main"), panelTab = $("mm-panel-tab");
  /* The map's size follows its container at once (vis would only notice on its next resize
   * check), so a "Fit" right after a layout change fits the area now visible. */
  function syncSize() {
    network.setSize("100%", "100%");
    network.redraw();
  }
  /* Open (or close) the paper panel, expanded or collapsed to a tab at the map's right edge. */
  function setPanel(open, collapsed) {
    main.classList.toggle("mm-with-panel", open);
    main.classList.toggle("mm-panel-collapsed", open && collapsed);
    panelTab.hidden = !(open && collapsed);
    syncSize();
  }
  function closePanel() {
    panel.hidden = true;
    setPanel(false, false);
    network.unselectAll();
  }
  $("mm-panel-close").addEventListener("click", closePanel);
  $("mm-panel-collapse").addEventListener("click", function () { setPanel(true, true); });
  panelTab.addEventListener("click", function () { setPanel(true, false); });
  /* The legend on the left folds away; it starts folded on a narrow window (or notebook frame),
   * where it would leave the map too little room. */
  var sideToggle = $("mm-side-toggle");
  function setSide(shown) {
    document.body.classList.toggle("mm-side-hidden", !shown);
    sideToggle.setAttribute("aria-expanded", shown ? "true" : "false");
  }
  setSide(window.innerWidth >= 1000);
  sideToggle.addEventListener("click", function () {
    setSide(sideToggle.getAttribute("aria-expanded") !== "true");
    syncSize();
    network.fit({ animation: { duration: 300 } });
  });

  /* Show a paper: load it if needed, keep it visible through filters, select and centre it. */
  function select(idx, move) {
    if (!loaded[idx]) load([idx]);
    if (!passes(idx)) { pinned[idx] = true; refresh(); }
    network.selectNodes([idx]);
    if (move) {
      network.focus(idx, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350 } });
    }
    showPanel(idx);
  }

  function setFocus(idx) {
    var s = new Set([idx]);
    refs[idx].concat(cits[idx], kids[idx]).forEach(function (j) { s.add(j); });
    if (P[idx].p !== undefined) s.add(P[idx].p);
    load(Array.from(s));
    focusSet = s;
    $("mm-focus-text").textContent = "Neighbourhood of: " + shortTitle(P[idx].t);
    $("mm-focus").hidden = false;
    refresh();
    network.selectNodes([idx]);
    network.fit({ nodes: Array.from(s), animation: { duration: 400 } });
    showPanel(idx);
  }
  function clearFocus() {
    focusSet = null;
    $("mm-focus").hidden = true;
    refresh();
  }
  $("mm-focus-clear").addEventListener("click", clearFocus);

  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) setFocus(params.nodes[0]);
  });

  // --- filters, search, legend ---------------------------------------------------------------
  // a capped map says what it holds and how to see the rest; papers dated ahead are named
  var notes = [D.note ? "This page embeds " + D.note + "." : "", D.dates ? D.dates + "." : ""];
  if (D.note || D.dates) {
    $("mm-embedded").textContent = notes.filter(Boolean).join(" ");
    $("mm-embedded").hidden = false;
  }
  function updateCount() {
    var shown = view.length;
    var loadedN = nodes.length;
    $("mm-count").textContent = shown + " shown · " + loadedN + " loaded of " + N +
      (D.total > N ? " (" + D.total + " in store)" : "");
    var more = $("mm-more");
    more.disabled = nextRank >= N;
    more.textContent = nextRank >= N ? "All loaded" : "Show " + Math.min(BATCH, N - nodes.length) + " more";
  }
  function refresh() {
    view.refresh();
    visible.fill(0);
    view.getIds().forEach(function (j) { visible[j] = 1; });
    updateCount();
  }

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }
  var results = $("mm-results");
  function runSearch() {
    state.q = $("mm-search").value.trim().toLowerCase();
    pinned = {};
    refresh();
    results.replaceChildren();
    if (!state.q) { results.hidden = true; return; }
    var hits = [];
    for (var j = 0; j < N && hits.length < 15; j++) {
      if (searchText[j].indexOf(state.q) >= 0) hits.push(j);
    }
    if (!hits.length) results.appendChild(el("li", "mm-meta", "no paper matches"));
    hits.forEach(function (j) {
      var li = el("li");
      li.appendChild(el("div", null, P[j].t));
      li.appendChild(el("div", "mm-meta", [P[j].y || "n.d.", P[j].a].filter(Boolean).join(" · ")));
      li.addEventListener("mousedown", function (ev) {
        ev.preventDefault();
        results.hidden = true;
        select(j, true);
      });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  $("mm-search").addEventListener("input", debounce(runSearch, 120));
  $("mm-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      runSearch();
      var first = view.getIds()[0];
      results.hidden = true;
      if (first !== undefined) select(first, true);
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  $("mm-search").addEventListener("blur", function () { results.hidden = true; });
  $("mm-search").addEventListener("focus", function () { if (state.q) results.hidden = false; });

  function numberInput(id, key, fallback) {
    var input = $(id);
    input.value = state[key];
    input.addEventListener("input", debounce(function () {
      var v = parseInt(input.value, 10);
      state[key] = isNaN(v) ? fallback : v;
      pinned = {};
      refresh();
    }, 150));
  }
  numberInput("mm-year-min", "yearMin", D.years[0]);
  numberInput("mm-year-max", "yearMax", D.years[1]);
  numberInput("mm-min-cites", "minCites", 0);
  function checkbox(id, fn) {
    $(id).addEventListener("change", function (ev) { fn(ev.target.checked); pinned = {}; refresh(); });
  }
  checkbox("mm-code", function (v) { state.code = v; });
  checkbox("mm-reading-only", function (v) { state.readingOnly = v; });
  var readSelect = $("mm-read");
  readSelect.addEventListener("change", function () {
    state.read = readSelect.value;
    pinned = {};
    refresh();
  });
  if (!LOGGED.length) {
    readSelect.disabled = true;
    readSelect.title = "Nothing logged yet: mentalmap read <paper-id> --pass 1";
  }
  var logCount = $("mm-read-n");
  logCount.textContent = LOGGED.length ? LOGGED.length + " logged" : "none logged yet";
  checkbox("mm-show-edges", function (v) { state.showEdges = v; network.redraw(); });
  checkbox("mm-labels", function (v) { state.labels = v; network.redraw(); });

  var SHAPE_SVG = {
    square: "M3 3h10v10H3z", diamond: "M8 1l7 7-7 7-7-7z", triangle: "M8 2l7 12H1z",
    triangleDown: "M1 2h14L8 14z", star: "M8 1l2 5h5l-4 3.5 1.6 5.5L8 12l-4.6 3 1.6-5.5L1 6h5z",
    dot: "M8 2a6 6 0 1 0 0.01 0z"
  };
  function shapeIcon(shape) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "mm-shape");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", SHAPE_SVG[shape]);
    path.setAttribute("fill", "#8a93a6");
    svg.appendChild(path);
    return svg;
  }
  function legendItem(ul, icon, text, n, onChange, name) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.name = name;
    box.addEventListener("change", function () { onChange(box.checked); pinned = {}; refresh(); });
    label.append(box, icon, el("span", null, text), el("span", "mm-n", n));
    li.appendChild(label);
    ul.appendChild(li);
  }
  var roleCounts = ROLES.map(function () { return 0; });
  var bandCounts = D.bands.map(function () { return 0; });
  P.forEach(function (p) { roleCounts[p.r]++; bandCounts[p.k]++; });
  ROLES.forEach(function (r, k) {
    if (!roleCounts[k]) return;
    legendItem($("mm-roles"), shapeIcon(SHAPES[r]), ROLE_TEXT[r], roleCounts[k],
      function (v) { state.roles[k] = v; }, "role-" + r);
  });
  D.bands.forEach(function (b) {
    var sw = el("span", "mm-swatch");
    sw.style.background = b.color;
    legendItem($("mm-clusters"), sw, b.label, bandCounts[b.k],
      function (v) { state.bands[b.k] = v; }, "band-" + b.k);
  });

  var rings = $("mm-rings");
  PASSES.forEach(function (ps) {
    var li = el("li");
    li.append(el("span", "mm-ring mm-ring-" + ps), el("span", null, "you " + PASS_TEXT[ps]));
    rings.appendChild(li);
  });

  // Reading list, grouped by section.
  var rl = $("mm-reading"), lastSection = null;
  if (!D.reading.length) $("mm-reading-section").hidden = true;
  D.reading.forEach(function (r) {
    if (r.section && r.section !== lastSection) {
      rl.appendChild(el("li", "mm-section-title", r.section));
      lastSection = r.section;
    }
    var li = el("li"), b = el("button");
    b.type = "button";
    var text = el("span");
    text.appendChild(el("span", null, P[r.id].t));
    var sub = [P[r.id].y, r.why, logOf[r.id] ? readSummary(r.id) : null].filter(Boolean).join(" · ");
    if (sub) text.appendChild(el("span", "mm-sub", sub));
    b.append(el("span", "mm-badge", r.n), text);
    b.addEventListener("click", function () { select(r.id, true); });
    li.appendChild(b);
    rl.appendChild(li);
  });

  // --- the year slider: replay the field's growth ---------------------------------------------
  var slider = $("mm-asof"), playBtn = $("mm-play"), asOfOut = $("mm-asof-out");
  var timer = null;
  slider.min = firstYear;
  slider.max = lastYear;
  slider.value = lastYear;
  if (lastYear <= firstYear || !P.some(function (p) { return p.y !== undefined; })) {
    $("mm-timeline").hidden = true;
  }
  function showAsOf() {
    slider.value = state.asOf;
    asOfOut.textContent = state.asOf < lastYear ? "\u2264 " + state.asOf : "all years";
  }
  /* Show the map as it stood at the end of ``year``: one DataView refresh, one batch. */
  function setAsOf(year) {
    var y = Math.min(lastYear, Math.max(firstYear, Math.round(+year)));
    if (isNaN(y)) y = lastYear;
    state.asOf = y;
    showAsOf();
    pinned = {};
    refresh();
    network.redraw();
  }
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playBtn.textContent = "\u25B6 Play";
    playBtn.setAttribute("aria-pressed", "false");
  }
  function play() {
    if (state.asOf >= lastYear) setAsOf(firstYear);
    playBtn.textContent = "\u275A\u275A Pause";
    playBtn.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      setAsOf(state.asOf + 1);
      if (state.asOf >= lastYear) stop();
    }, STEP_MS);
  }
  playBtn.addEventListener("click", function () { if (timer !== null) stop(); else play(); });
  slider.addEventListener("input", function () { stop(); setAsOf(slider.value); });
  /* ``#as-of=2016`` opens the map as it stood in 2016 (what `mentalmap predict --as-of` users
   * compare against). */
  function hashAsOf() {
    var m = /(?:^#|&)as-of=(\d{4})(?:&|$)/.exec(location.hash);
    if (m) { stop(); setAsOf(parseInt(m[1], 10)); }
  }
  window.addEventListener("hashchange", hashAsOf);
  showAsOf();

  var signalLegend = signalList(SIGNALS, null);
  signalLegend.id = "mm-signals";
  $("mm-signals").replaceWith(signalLegend);

  // --- more papers, physics, layout ------------------------------------------------------------
  $("mm-more").addEventListener("click", function () {
    var batch = [];
    for (var j = nextRank; j < N && batch.length < BATCH; j++) if (!loaded[j]) batch.push(j);
    load(batch);
    refresh();
  });
  $("mm-physics").addEventListener("change", function (ev) {
    if (ev.target.checked && !springs) {  // citations become springs the first time only
      springs = true;
      var all = [];
      for (var j = 0; j < N; j++) if (loaded[j]) all.push(j);
      edges.update(springEdges(all));
    }
    network.setOptions({ physics: { enabled: ev.target.checked } });
  });
  $("mm-reset").addEventListener("click", function () {
    $("mm-physics").checked = false;
    network.setOptions({ physics: { enabled: false } });
    nodes.update(nodes.getIds().map(function (j) { return { id: j, x: P[j].x, y: P[j].yy }; }));
    network.fit({ animation: { duration: 300 } });
  });
  $("mm-fit").addEventListener("click", function () {
    syncSize();
    network.fit({ animation: { duration: 300 } });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && document.activeElement !== $("mm-search")) {
      if (focusSet) clearFocus(); else closePanel();
    }
  });

  refresh();
  syncSize();
  network.fit();
  hashAsOf();
  network.once("afterDrawing", function () {
    window.mentalmapReady = marks.drawn = performance.now();
    window.mentalmapMarks = marks;
    document.body.dataset.ready = "1";
  });

  /* For tests and the curious: the live data sets and a few verbs. */
  window.mentalmap = {
    network: network, nodes: view, loaded: nodes, edges: edges, data: D,
    select: select, focus: setFocus, clearFocus: clearFocus, setAsOf: setAsOf,
    ringed: function () { return ringed.slice(); },
    labelled: function () { return labelled.slice(); },
    expandCommand: expandCommand,
    indexOf: function (paperId) {
      for (var j = 0; j < N; j++) if (P[j].i === paperId) return j;
      return -1;
    }
  };
})();
