/* ratsdeck: reveal.js set-up. Fixed 16:9 canvas so slides look the same on every projector. */
(function () {
  var print = /print-pdf/i.test(window.location.search);
  var start = function () {
    if (window.RatsdeckFit) window.RatsdeckFit();
    init();
  };
  // Fit with the real fonts: they ship with the deck and load in milliseconds.
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(start, start);
  else start();
  function init() {
  Reveal.initialize({
    width: 1280,
    height: 720,
    margin: 0,
    minScale: 0.2,
    maxScale: 2.0,
    center: false,
    hash: true,
    respondToHashChanges: true,
    history: false,
    controls: !print,
    progress: !print,
    slideNumber: false,
    transition: 'none',
    backgroundTransition: 'none',
    pdfSeparateFragments: false,
    pdfMaxPagesPerSlide: 1,
    plugins: typeof RevealNotes !== 'undefined' ? [RevealNotes] : [],
  }).then(function () {
    document.documentElement.setAttribute('data-rd-ready', '');
  });
  }
})();
