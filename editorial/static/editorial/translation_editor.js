// wagtail-localize's translation editor, for translators: an "Only untranslated segments"
// filter, and each changed segment's previous translation offered as a suggestion
// (editorial/translation_memory.py). The labels come translated from the page
// (#editorial-translation-editor-labels); nothing runs outside the translation editor.
(() => {
  const root = document.querySelector(".js-translation-editor");
  const labelsElement = document.getElementById("editorial-translation-editor-labels");
  if (!root || !labelsElement) return;
  const labels = JSON.parse(labelsElement.textContent);
  const props = JSON.parse(root.dataset.props);
  const plain = (text) =>
    new DOMParser().parseFromString(text, "text/html").body.textContent.replace(/\s+/g, " ").trim();

  // The filter.
  const filter = document.createElement("label");
  filter.className = "editorial-untranslated-filter";
  const checkbox = document.createElement("input");
  checkbox.type = "checkbox";
  checkbox.name = "only-untranslated";
  checkbox.addEventListener("change", () => {
    root.classList.toggle("editorial-only-untranslated", checkbox.checked);
  });
  filter.append(checkbox, " ", labels.onlyUntranslated);
  root.before(filter);

  // The suggestions.
  const download = props.links && props.links.downloadPofile;
  if (!download) return;
  const url = download.replace(/pofile\/download\/$/, "suggestions/");
  let suggestions = [];

  const fill = (segment, text) => {
    const textarea = segment.querySelector("textarea");
    if (!textarea) return false;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
    setter.call(textarea, text);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
    return true;
  };

  const offer = () => {
    root.querySelectorAll("li.incomplete").forEach((segment) => {
      if (segment.querySelector(".editorial-suggestion")) return;
      const sourceElement = segment.querySelector("p");
      if (!sourceElement) return;
      const source = plain(sourceElement.textContent);
      const match = suggestions.find((s) => s.source === source);
      if (!match) return;
      const box = document.createElement("div");
      box.className = "editorial-suggestion";
      const heading = document.createElement("strong");
      heading.textContent = labels.previousTranslation;
      const text = document.createElement("q");
      text.className = "editorial-suggestion__text";
      text.textContent = match.suggestion;
      const use = document.createElement("button");
      use.type = "button";
      use.className = "button button-small button-secondary";
      use.textContent = labels.useSuggestion;
      use.addEventListener("click", () => {
        if (!segment.querySelector("textarea")) {
          const buttons = segment.querySelectorAll("button:not(.editorial-suggestion button)");
          if (buttons.length) buttons[buttons.length - 1].click();
        }
        let attempts = 0;
        const tryFill = () => {
          if (!fill(segment, match.suggestion) && attempts++ < 20) setTimeout(tryFill, 50);
        };
        tryFill();
      });
      box.append(heading, " ", text, " ", use);
      sourceElement.after(box);
    });
  };

  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { suggestions: [] }))
    .then((data) => {
      suggestions = data.suggestions || [];
      if (!suggestions.length) return;
      offer();
      new MutationObserver(offer).observe(root, { childList: true, subtree: true });
    });
})();
