import ParleyCore

/// The style sheet and the one small script, served from the binary (the policy allows no
/// inline style or script, and nothing from elsewhere).
enum StaticFiles {
    /// The report's style sheet, and what the app's pages add to it.
    static let css = HTML.styleSheet + "\n" + """
        body { max-width: 72rem; }
        nav.top { display: flex; gap: 1rem; align-items: baseline; border-bottom: 1px solid #d0d7de; padding-bottom: .5rem; }
        nav.top a:first-child { font-weight: 600; }
        mark { background: #fff8c5; padding: 0 .1rem; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: 1rem 0; }
        form.filters label, form.stacked label { display: flex; flex-direction: column; font-size: .85rem; color: #57606a; }
        input, select, textarea, button { font: inherit; }
        input[type=text], input[type=search], textarea { border: 1px solid #d0d7de; border-radius: .3rem; padding: .2rem .4rem; }
        button { border: 1px solid #1f883d; background: #1f883d; color: #fff; border-radius: .3rem; padding: .25rem .8rem; cursor: pointer; }
        button.secondary { background: #f6f8fa; color: #1f2328; border-color: #d0d7de; }
        .pager { display: flex; gap: 1rem; margin: 1rem 0; }
        .downloads a { margin-right: .8rem; }
        pre.error { white-space: pre-wrap; background: #ffebe9; border: 1px solid #ff8182; padding: .6rem; border-radius: .3rem; }
        .notice { background: #dafbe1; border: 1px solid #4ac26b; padding: .6rem; border-radius: .3rem; }
        .review { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr); gap: 1.5rem; }
        .article { white-space: pre-wrap; font-size: .95rem; border: 1px solid #d0d7de; border-radius: .3rem; padding: .8rem; max-height: 80vh; overflow: auto; }
        .article mark { background: #ddf4ff; }
        .row { border: 1px solid #d0d7de; border-radius: .3rem; padding: .5rem; margin-bottom: .8rem; }
        .row.dropped { opacity: .5; }
        .row textarea { width: 100%; min-height: 4rem; box-sizing: border-box; }
        .row .fields { display: grid; grid-template-columns: 1fr 1fr; gap: .3rem .8rem; }
        .row .fields input { width: 100%; box-sizing: border-box; }
        .candidates button { margin: .2rem .3rem 0 0; padding: 0 .5rem; }
        form.stacked { display: grid; gap: .5rem; max-width: 48rem; }
        form.stacked textarea { min-height: 14rem; }
        form.inline { display: inline-flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin: .3rem 0; }
        .hidden { display: none; }
        """

    /// Autocomplete for speaker fields (from /api/actors), the speaker candidates as buttons, and
    /// "add the selected text as a quote" on the review screen. The pages work without it.
    static let javascript = """
        "use strict";
        (function () {
          var list = document.getElementById("known-actors");
          var pending = null;
          function suggest(input) {
            if (!list) { return; }
            var q = input.value.trim();
            if (q.length < 1) { return; }
            if (pending) { clearTimeout(pending); }
            pending = setTimeout(function () {
              fetch("/api/actors?q=" + encodeURIComponent(q), { credentials: "same-origin" })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (names) {
                  while (list.firstChild) { list.removeChild(list.firstChild); }
                  names.forEach(function (name) {
                    var option = document.createElement("option");
                    option.value = name;
                    list.appendChild(option);
                  });
                })
                .catch(function () {});
            }, 120);
          }
          document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
            input.addEventListener("input", function () { suggest(input); });
          });
          document.querySelectorAll("button[data-candidate]").forEach(function (button) {
            button.addEventListener("click", function (event) {
              event.preventDefault();
              var field = document.getElementById(button.getAttribute("data-target"));
              if (field) { field.value = button.getAttribute("data-candidate"); }
            });
          });
          document.querySelectorAll("input[data-drop]").forEach(function (box) {
            box.addEventListener("change", function () {
              var row = document.getElementById(box.getAttribute("data-drop"));
              if (row) { row.classList.toggle("dropped", !box.checked); }
            });
          });
          var add = document.getElementById("add-selection");
          var article = document.querySelector(".article");
          if (add && article) {
            add.classList.remove("hidden");
            add.addEventListener("click", function (event) {
              event.preventDefault();
              var text = String(window.getSelection ? window.getSelection() : "").trim();
              var target = document.querySelector("textarea[data-missed]");
              if (text && target) {
                target.value = text;
                var box = document.getElementById(target.getAttribute("data-missed"));
                if (box) { box.checked = true; }
                target.focus();
              }
            });
          }
        })();
        """
}
