/*
 * ratsdeck: shrink-to-fit. When a slide's content would run past the footer, its text is set
 * smaller in small steps, down to 80 % at most; what still does not fit is left for
 * `ratsdeck check` to report with the YAML line. Runs before reveal.js lays the slides out,
 * and in the handout, so screen, slides PDF and handout show the same slide.
 */
(function () {
  var MIN = 0.8;
  var STEP = 0.04;
  function fitOne(section) {
    var body = section.querySelector('.rd-body');
    if (!body) return;
    body.style.fontSize = '';
    var scale = 1;
    while (body.scrollHeight > body.clientHeight + 1 && scale - STEP >= MIN - 1e-9) {
      scale -= STEP;
      body.style.fontSize = Math.round(scale * 1000) / 10 + '%';
    }
    if (scale < 1) section.setAttribute('data-rd-fit', scale.toFixed(2));
  }
  window.RatsdeckFit = function (root) {
    var doc = root || document;
    var html = document.documentElement;
    html.classList.add('rd-measuring');
    var sections = doc.querySelectorAll('section.rd-slide');
    for (var i = 0; i < sections.length; i++) fitOne(sections[i]);
    html.classList.remove('rd-measuring');
  };
})();
