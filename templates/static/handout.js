/* ratsdeck handout: fit each slide like the deck does, and set long speaker notes smaller (down
   to 80 %) so they fit beside their slide; then tell the printer the page is ready. */
(function () {
  var fitNotes = function () {
    var boxes = document.querySelectorAll('.rd-item__notes');
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scale = 1;
      while (box.scrollHeight > box.clientHeight + 1 && scale > 0.8) {
        scale -= 0.05;
        box.style.fontSize = Math.round(scale * 100) + '%';
      }
    }
  };
  var done = function () {
    if (window.RatsdeckFit) window.RatsdeckFit();
    fitNotes();
    document.documentElement.setAttribute('data-rd-ready', '');
  };
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(done, done);
  else done();
})();
