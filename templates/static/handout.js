/* ratsdeck handout: fit each slide like the deck does, once the shipped fonts are loaded. */
(function () {
  var done = function () {
    if (window.RatsdeckFit) window.RatsdeckFit();
    document.documentElement.setAttribute('data-rd-ready', '');
  };
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(done, done);
  else done();
})();
