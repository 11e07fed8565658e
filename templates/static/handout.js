/* ratsdeck handout: fit each slide like the deck does, and set long speaker notes smaller (down
   to 80 %) so they fit beside their slide. In layout 3 (slides in rows with their notes) notes
   that still do not fit are never cut (issue 11): the slide's row grows by whole rows, the
   notes flowing round the slide, and what the page cannot hold continues in the next rows or on
   the next page, marked "Folie N: Titel (Fortsetzung)". Every row gets an explicit height, so
   the print lays out exactly what was measured here. Then it tells the printer the page is
   ready: data-rd-pages (the page count) and data-rd-cut (slides whose notes are still cut: only
   what cannot be split, a picture or a table row taller than a page). */
(function () {
  // The print may set a line a hair lower than this screen layout: keep that much room.
  var SLACK = 2;
  // Moved to a later row whole; a table is cut between its rows (and repeats its header).
  var ATOMIC = 'img,svg,hr,tr,video,object,iframe';
  var slice = function (list) { return Array.prototype.slice.call(list); };
  var layoutOf = function () { return (/\brd-handout--(\w+)/.exec(document.body.className) || [])[1]; };
  // Layouts whose pages are rows of a slide with its notes beside it, and how many rows.
  var ROWS = { '3': 3 };

  var overflows = function (box) { return box.scrollHeight > box.clientHeight + 1; };

  /** Today's fitting beside the slide: smaller type, down to 80 %. True when the notes fit. */
  var shrink = function (box) {
    var scale = 1;
    box.style.fontSize = '';
    while (overflows(box) && scale > 0.8) {
      scale -= 0.05;
      box.style.fontSize = Math.round(scale * 100) + '%';
    }
    return !overflows(box);
  };

  var fitNotes = function () {
    slice(document.querySelectorAll('.rd-item__notes')).forEach(shrink);
  };

  var hasNotes = function (box) { return !!box && !box.querySelector('.rd-lines') && box.textContent.trim() !== ''; };

  /** The bottom of the last text or box inside `el` (margins left out). */
  var contentBottom = function (el) {
    var r = document.createRange();
    r.selectNodeContents(el);
    return r.getBoundingClientRect().bottom;
  };

  /** Where an item's content must end: its inner bottom edge, less the slack. */
  var limitOf = function (item) { return item.getBoundingClientRect().top + item.clientHeight - SLACK; };

  /** The bottom of one character range's boxes (the union of its line pieces). */
  var rangeBottom = function (r) { return r.getBoundingClientRect().bottom; };

  /**
   * The first place in `el` whose line reaches below `limit`: the start of that line (moved
   * back to the start of its word), or before a picture or table that does. Null: all fits.
   */
  var firstBelow = function (el, limit) {
    var r = document.createRange();
    var kids = slice(el.childNodes);
    for (var i = 0; i < kids.length; i++) {
      var n = kids[i];
      if (n.nodeType === 1) {
        var bottom = n.getBoundingClientRect().bottom;
        if (n.matches(ATOMIC)) {
          if (bottom > limit) return { node: el, offset: i };
          continue;
        }
        if (bottom <= limit) continue;
        var inner = firstBelow(n, limit);
        if (inner) return inner;
        continue;
      }
      if (n.nodeType !== 3 || n.data.trim() === '') continue;
      r.selectNodeContents(n);
      if (rangeBottom(r) <= limit) continue;
      // The shortest prefix of this text that reaches below: its last character starts the
      // first line that does (a longer prefix never ends higher).
      var lo = 1;
      var hi = n.data.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        r.setStart(n, 0);
        r.setEnd(n, mid);
        if (rangeBottom(r) > limit) hi = mid;
        else lo = mid + 1;
      }
      var at = lo - 1;
      // A word broken over the line end (a long address) moves whole, unless that leaves nothing.
      var word = at;
      while (word > 0 && !/\s/.test(n.data.charAt(word - 1)) && at - word < 40) word--;
      if (word > 0 && /\s/.test(n.data.charAt(word - 1))) at = word;
      return { node: n, offset: at };
    }
    return null;
  };

  var isEmpty = function (el) {
    // A table left with its header only is a husk too (the header goes on with the rest).
    if (el.tagName === 'TABLE') return !slice(el.tBodies).some(function (b) { return b.rows.length > 0; });
    return el.textContent.trim() === '' && !el.querySelector(ATOMIC) && !el.matches(ATOMIC);
  };

  /** How much text an element holds (without the continuation label): to see that a cut moved some. */
  var textSize = function (el) {
    var label = el.querySelector('.rd-cont-label');
    return el.textContent.replace(/\s+/g, '').length - (label ? label.textContent.replace(/\s+/g, '').length : 0);
  };

  /** Removes what is empty at the end of `el` (the husk a cut at a paragraph's start leaves). */
  var pruneEnd = function (el) {
    var n = el.lastChild;
    while (n) {
      var prev = n.previousSibling;
      if (n.nodeType === 1 && !isEmpty(n)) {
        pruneEnd(n);
        return;
      }
      if (n.nodeType === 3 && n.data.trim() !== '') return;
      el.removeChild(n);
      n = prev;
    }
  };

  var pruneStart = function (el) {
    var n = el.firstChild;
    while (n) {
      var next = n.nextSibling;
      if (n.nodeType === 1 && !isEmpty(n)) return;
      if (n.nodeType === 3 && n.data.trim() !== '') return;
      el.removeChild(n);
      n = next;
    }
  };

  /**
   * Moves everything of `notes` from the first line below `limit` on into a fragment and
   * returns it (null when all fits). A list cut in two goes on with its numbering; an item cut
   * in two goes on without a second bullet.
   */
  var cutBelow = function (notes, limit) {
    var pos = firstBelow(notes, limit);
    if (!pos) return null;
    // The chain of elements from notes down to the cut: extractContents clones each of them
    // as the first child of the one above, in the fragment.
    var chain = [];
    for (var a = pos.node.nodeType === 1 ? pos.node : pos.node.parentNode; a && a !== notes; a = a.parentNode) chain.unshift(a);
    var lists = chain.map(function (el, i) {
      if (el.tagName !== 'LI' || i === 0) return null;
      var before = document.createRange();
      before.setStart(el, 0);
      before.setEnd(pos.node, pos.offset);
      var siblings = slice(el.parentNode.children).filter(function (c) { return c.tagName === 'LI'; });
      return { index: siblings.indexOf(el), split: before.toString().trim() !== '', start: el.parentNode.tagName === 'OL' ? el.parentNode.start || 1 : null };
    });
    var r = document.createRange();
    r.setStart(pos.node, pos.offset);
    r.setEnd(notes, notes.childNodes.length);
    var rest = r.extractContents();
    var clone = rest.firstChild;
    var tables = [];
    for (var i = 0; i < chain.length && clone; i++) {
      var li = lists[i];
      if (li) {
        if (li.start !== null) clone.parentNode.setAttribute('start', String(li.start + li.index));
        if (li.split) clone.classList.add('rd-li-cont');
      }
      if (chain[i].tagName === 'TABLE' && chain[i].tHead && !clone.tHead) tables.push([clone, chain[i].tHead]);
      clone = clone.firstChild;
    }
    tables.forEach(function (t) { t[0].insertBefore(t[1].cloneNode(true), t[0].firstChild); });
    pruneEnd(notes);
    var holder = document.createElement('div');
    holder.appendChild(rest);
    pruneStart(holder);
    return holder;
  };

  /** Which slide an item shows, in words: "Folie 4: Titel" (the template says it). */
  var labelOf = function (item) {
    var label = item.getAttribute('data-rd-label');
    if (label) return label;
    var title = item.querySelector('[id$="-titel"]');
    return title ? title.textContent.replace(/\s+/g, ' ').trim() : '';
  };

  /** "Folie 4: Titel (Fortsetzung)". */
  var continuedLabel = function (label) {
    var word = document.body.getAttribute('data-rd-continued') || (document.documentElement.lang === 'en' ? 'continued' : 'Fortsetzung');
    return (label ? label + ' ' : '') + '(' + word + ')';
  };

  /** A row that carries on the notes of `item`: its label, then `rest`. */
  var continuation = function (item, rest) {
    var cont = document.createElement('div');
    cont.className = 'rd-item rd-item--cont';
    var section = item.querySelector('section[data-rd-source]');
    var from = section || item;
    ['data-rd-source', 'data-rd-number', 'data-rd-item'].forEach(function (a) {
      if (from.hasAttribute(a)) cont.setAttribute(a, from.getAttribute(a));
    });
    var base = labelOf(item);
    cont.setAttribute('data-rd-label', base);
    var notes = document.createElement('div');
    notes.className = 'rd-item__notes';
    var label = document.createElement('p');
    label.className = 'rd-cont-label';
    label.textContent = continuedLabel(base);
    notes.appendChild(label);
    while (rest.firstChild) notes.appendChild(rest.firstChild);
    cont.appendChild(notes);
    return cont;
  };

  /** Layout 3: pages of `rows` rows; a slide whose notes need more takes more (see the top). */
  var flowRows = function (rows) {
    var pages = slice(document.querySelectorAll('.rd-page'));
    if (!pages.length) return;
    var queue = [];
    pages.forEach(function (p) {
      slice(p.children).forEach(function (c) {
        if (c.classList.contains('rd-item')) queue.push(c);
        p.removeChild(c);
      });
    });
    var pi = -1;
    var page;
    var left = 0;
    var row = 0;
    var gap = 0;
    var next = function () {
      pi++;
      if (!pages[pi]) {
        var p = pages[pi - 1].cloneNode(false);
        pages[pi - 1].parentNode.insertBefore(p, pages[pi - 1].nextSibling);
        pages.push(p);
      }
      page = pages[pi];
      page.classList.add('rd-page--rows');
      gap = parseFloat(getComputedStyle(page).rowGap) || 0;
      row = (page.clientHeight - (rows - 1) * gap) / rows;
      left = rows;
    };
    var height = function (k) { return k * row + (k - 1) * gap; };
    var size = function (item, k) { item.style.height = height(k).toFixed(2) + 'px'; };
    next();
    // However the measurements come out, the loop ends (a hung page would fail the print).
    var budget = 20 * queue.length + 1000;
    while (queue.length && budget-- > 0) {
      var item = queue.shift();
      if (left === 0) next();
      page.appendChild(item);
      size(item, 1);
      var notes = item.querySelector('.rd-item__notes');
      var cont = item.classList.contains('rd-item--cont');
      if (!cont && (!hasNotes(notes) || shrink(notes))) {
        left -= 1;
        continue;
      }
      // Full size, round the slide, in as many rows as it takes and the page has.
      notes.style.fontSize = '';
      if (!cont) item.classList.add('rd-item--grown');
      var k = 1;
      for (; k <= left; k++) {
        size(item, k);
        if (contentBottom(notes) <= limitOf(item)) break;
      }
      if (k <= left) {
        left -= k;
        continue;
      }
      size(item, left);
      var had = textSize(notes);
      var rest = cutBelow(notes, limitOf(item));
      // A continuation must keep some of its text here, else it would go on for ever.
      if (rest && cont && textSize(rest) >= had) {
        // Not even its first line fits here: a later page, or (a whole page too small) cut.
        while (rest.firstChild) notes.appendChild(rest.firstChild);
        if (left < rows) {
          page.removeChild(item);
          queue.unshift(item);
          left = 0;
          continue;
        }
        rest = null;
      }
      left = 0;
      if (rest && rest.textContent.trim() === '' && !rest.querySelector(ATOMIC)) rest = null;
      if (rest) queue.unshift(continuation(item, rest));
    }
    // Out of budget: what is left goes on the last page; stillCut() reports it.
    while (queue.length) page.appendChild(queue.shift());
    for (var j = pages.length - 1; j > pi; j--) pages[j].parentNode.removeChild(pages[j]);
  };

  /** The items whose notes are cut off all the same (what cannot be split: a huge table). */
  var stillCut = function () {
    return slice(document.querySelectorAll('.rd-item')).filter(function (item) {
      var notes = item.querySelector('.rd-item__notes');
      if (!hasNotes(notes)) return false;
      if (getComputedStyle(notes).overflowY !== 'visible') return overflows(notes);
      return firstBelow(notes, limitOf(item) + SLACK) !== null;
    });
  };

  /** Where they are: slide number, entry in the deck's slides: list, activity, handout page. */
  var describe = function (items) {
    return items.map(function (item) {
      var s = item.querySelector('section[data-rd-source]') || item;
      var page = item.closest('.rd-page');
      var num = function (a) { var v = s.getAttribute(a); return v === null || v === '' ? null : Number(v); };
      return {
        number: num('data-rd-number'),
        source: num('data-rd-source'),
        item: s.getAttribute('data-rd-item'),
        page: slice(document.querySelectorAll('.rd-page')).indexOf(page) + 1,
      };
    });
  };

  /** The room the deck's title takes on the first page: a long title (a Betreff) takes lines. */
  var fitTitle = function () {
    var title = document.querySelector('.rd-handout__title');
    if (!title) return;
    var cs = getComputedStyle(title);
    var used = title.getBoundingClientRect().height + (parseFloat(cs.marginTop) || 0) + (parseFloat(cs.marginBottom) || 0);
    document.documentElement.style.setProperty('--rd-title-h', Math.ceil(used) + 'px');
  };

  var done = function () {
    fitTitle();
    if (window.RatsdeckFit) window.RatsdeckFit();
    var html = document.documentElement;
    var rows = ROWS[layoutOf()];
    if (rows) flowRows(rows);
    else fitNotes();
    html.setAttribute('data-rd-cut', JSON.stringify(describe(stillCut())));
    // Pages of fixed height print one sheet each; the notes layout's run on where they are long.
    var pages = slice(document.querySelectorAll('.rd-page'));
    if (pages.every(function (p) { return getComputedStyle(p).overflowY !== 'visible'; })) html.setAttribute('data-rd-pages', String(pages.length));
    html.setAttribute('data-rd-ready', '');
  };
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(done, done);
  else done();
})();
