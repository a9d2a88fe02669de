// The Oversikt tab: get a Teams SSO token (inside Teams), fetch the sections the reader may see,
// and show them. Every chart arrives as SVG with a table of the same numbers.
"use strict";

(function () {
  const texts = document.getElementById("texts").dataset;
  const status = document.getElementById("status");
  const params = new URLSearchParams(window.location.search);
  const themes = { default: "light", light: "light", dark: "dark", contrast: "contrast" };

  function applyTheme(name) {
    document.documentElement.dataset.theme = themes[name] || "light";
  }

  function within(promise, ms) {
    // app.initialize() never settles in a foreign frame; give up on Teams after `ms`.
    return Promise.race([
      promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms)),
    ]);
  }

  async function teamsToken() {
    const teams = window.microsoftTeams;
    if (!teams) return null;
    try {
      await within(teams.app.initialize(), 3000);
      const context = await teams.app.getContext();
      applyTheme(context.app.theme);
      teams.app.registerOnThemeChangeHandler(applyTheme);
      if (texts.local === "true") return null;
      return await teams.authentication.getAuthToken();
    } catch (error) {
      return null;
    }
  }

  function show(sections) {
    const main = document.getElementById("content");
    const contents = document.getElementById("contents");
    main.textContent = "";
    for (const section of sections) {
      const element = document.createElement("section");
      element.id = "section-" + section.key;
      element.setAttribute("aria-labelledby", "heading-" + section.key);
      const heading = document.createElement("h2");
      heading.id = "heading-" + section.key;
      heading.textContent = section.title;
      element.appendChild(heading);
      // Server-rendered and escaped there: SVG charts and tables of Kravbot's own data.
      element.insertAdjacentHTML("beforeend", section.html);
      main.appendChild(element);
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#section-" + section.key;
      link.textContent = section.title;
      item.appendChild(link);
      contents.appendChild(item);
    }
    main.setAttribute("aria-busy", "false");
  }

  function fail(message) {
    status.textContent = message || texts.failed;
    status.setAttribute("role", "alert");
    document.getElementById("content").setAttribute("aria-busy", "false");
  }

  async function load() {
    const token = await teamsToken();
    const query = new URLSearchParams({ lang: params.get("lang") || document.documentElement.lang });
    if (params.get("as")) query.set("as", params.get("as"));
    const headers = token ? { Authorization: "Bearer " + token } : {};
    try {
      const response = await fetch("/api/overview?" + query.toString(), { headers });
      const body = await response.json();
      if (!response.ok) return fail(body.error);
      show(body.sections);
    } catch (error) {
      fail();
    }
  }

  load();
})();
