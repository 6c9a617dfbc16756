/* Suggestions for the header search box: the ARIA 1.2 combobox pattern (list autocomplete).
   Without this script the form is a plain GET form to the search page. No inline code: the
   strings come from data- attributes of the form. */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY = 200;

  function init(form) {
    var input = form.querySelector("[role='combobox']");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = form.querySelector("[role='status']");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !list || !url || !window.fetch) return;

    var timer = null;
    var controller = null;
    var active = -1;
    var lastQuery = "";

    function options() {
      return list.querySelectorAll("[role='option']");
    }

    function announce(count) {
      var text;
      if (count === 0) text = form.getAttribute("data-msg-none") || "";
      else if (count === 1) text = form.getAttribute("data-msg-one") || "";
      else text = (form.getAttribute("data-msg-results") || "").replace("{n}", String(count));
      status.textContent = text;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var items = options();
      if (!items.length) return;
      if (index < 0) index = items.length - 1;
      if (index >= items.length) index = 0;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function render(results) {
      list.textContent = "";
      results.forEach(function (result, index) {
        var item = document.createElement("li");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", result.url);
        var title = document.createElement("span");
        title.className = "search-suggestions__title";
        title.textContent = result.title;
        var type = document.createElement("span");
        type.className = "search-suggestions__type";
        type.textContent = result.type_label || result.type;
        item.appendChild(title);
        item.appendChild(type);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
        });
        item.addEventListener("click", function () {
          go(index);
        });
        list.appendChild(item);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      announce(results.length);
    }

    function go(index) {
      var item = options()[index];
      if (item && item.getAttribute("data-url")) {
        window.location.assign(item.getAttribute("data-url"));
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < MIN_LENGTH) {
        list.textContent = "";
        close();
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) render(data.results || []);
        })
        .catch(function () {
          /* aborted or offline: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          if (!open && options().length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          setActive(active + 1);
          event.preventDefault();
          break;
        case "ArrowUp":
          if (open) {
            setActive(active - 1);
            event.preventDefault();
          }
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else {
            input.value = "";
            lastQuery = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });

    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-suggest-url]");
    for (var i = 0; i < forms.length; i++) init(forms[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
