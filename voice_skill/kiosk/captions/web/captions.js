// Kiosk captions: follows /events (server-sent events, one JSON view per message) and shows it.
// Text goes in with textContent only, never as HTML.
"use strict";

(() => {
  const SIZE_KEY = "voice-skill.captions.size";
  const MIN_SCALE = 0.5;
  const MAX_SCALE = 3;
  const STEP = 1.2;
  const MIN_FIT = 0.1; // the answer may shrink to a tenth of its size to fit the screen
  const FIT_STEPS = 12; // halvings of the search between MIN_FIT and 1
  const MISSED_PINGS = 3; // the server is lost after this many of its pings fail to arrive
  const DEFAULT_PING_S = 5;
  const CHECK_MS = 250;
  const RECONNECT_MS = 3000;
  const LABELS = {
    connecting: "Connecting…",
    listening: "Listening",
    thinking: "Thinking",
    speaking: "Speaking",
    restarting: "Restarting",
    offline: "Offline",
  };

  const INVITE = "Ask me about your HSG test";
  const CANNOT_HEAR = "Sorry, I can’t hear you right now";
  const DEAF = new Set(["not_hearing", "restarting"]); // phases in which nothing said is heard

  const $ = (id) => document.getElementById(id);
  const el = {
    banner: $("banner"),
    phase: $("phase"),
    phaseText: $("phase-text"),
    conn: $("conn"),
    smaller: $("smaller"),
    larger: $("larger"),
    captions: $("captions"),
    heard: $("heard"),
    heardText: $("heard-text"),
    topic: $("topic"),
    answer: $("answer"),
    welcome: $("welcome"),
    welcomeTitle: $("welcome-title"),
    examplesBlock: $("examples-block"),
    examples: $("examples"),
    disclaimer: $("disclaimer"),
    talk: $("talk"),
  };

  // ---- fitting: the text is as large as the chosen size allows without scrolling or hiding under the button ----
  function overflows() {
    const box = el.captions;
    return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  }

  function setFit(value) {
    document.documentElement.style.setProperty("--fit", value.toFixed(4));
  }

  function fit() {
    setFit(1);
    if (!overflows()) return;
    let lo = MIN_FIT;
    let hi = 1;
    for (let i = 0; i < FIT_STEPS; i++) {
      const mid = (lo + hi) / 2;
      setFit(mid);
      if (overflows()) hi = mid;
      else lo = mid;
    }
    setFit(lo);
    document.body.dataset.fit = lo.toFixed(3);
  }

  window.addEventListener("resize", fit);

  // ---- text size: ?size= in the URL wins, then what A-/A+ stored, then 1 ----
  const clampScale = (v) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, v));
  let scale = 1;

  function initialScale() {
    const fromUrl = parseFloat(new URLSearchParams(location.search).get("size"));
    if (Number.isFinite(fromUrl) && fromUrl > 0) return clampScale(fromUrl);
    let stored = NaN;
    try {
      stored = parseFloat(localStorage.getItem(SIZE_KEY));
    } catch (_) {
      // storage unavailable: keep the default
    }
    return Number.isFinite(stored) && stored > 0 ? clampScale(stored) : 1;
  }

  function applyScale(value, remember) {
    scale = clampScale(value);
    document.documentElement.style.setProperty("--scale", scale.toFixed(3));
    el.smaller.disabled = scale <= MIN_SCALE;
    el.larger.disabled = scale >= MAX_SCALE;
    if (remember) {
      try {
        localStorage.setItem(SIZE_KEY, scale.toFixed(3));
      } catch (_) {
        // storage unavailable: the size lasts until reload
      }
    }
    fit();
  }

  el.smaller.addEventListener("click", () => applyScale(scale / STEP, true));
  el.larger.addEventListener("click", () => applyScale(scale * STEP, true));
  applyScale(initialScale(), false);

  // ---- rendering ----
  let shown = { heard: null, answer: null, topic: null, urgent: null, welcome: null };
  let latest = null; // the last view received
  let offline = false;
  let pressing = false; // the talk button was just pressed

  // Whether what a visitor says now can be heard: not while the kiosk cannot hear, nor when the page lost it.
  const hearing = () => !offline && latest !== null && !DEAF.has(latest.phase);

  function renderHearing() {
    const can = hearing();
    el.talk.disabled = pressing || !can;
    el.welcomeTitle.textContent = can ? INVITE : CANNOT_HEAR;
    el.examplesBlock.hidden = !can || !latest || latest.welcome.examples.length === 0;
  }

  function phaseLabel(view) {
    if (view.phase === "idle") {
      if (view.talk) return "Tap to talk";
      const wake = view.welcome && view.welcome.wake_phrase;
      return wake ? "Say “" + wake + "”" : "Ready";
    }
    if (view.phase === "not_hearing") return "Not hearing: " + (view.reason || "no sound");
    return Object.prototype.hasOwnProperty.call(LABELS, view.phase) ? LABELS[view.phase] : LABELS.connecting;
  }

  function renderPhase() {
    if (offline) {
      el.phase.dataset.phase = "offline";
      el.phaseText.textContent = LABELS.offline;
    } else if (latest === null) {
      el.phase.dataset.phase = "connecting";
      el.phaseText.textContent = LABELS.connecting;
    } else {
      el.phase.dataset.phase = latest.phase;
      el.phaseText.textContent = phaseLabel(latest);
    }
    renderHearing();
  }

  function renderBanner(view) {
    const key = view.urgent ? view.emergency_number : "";
    if (key === shown.urgent) return;
    shown.urgent = key;
    if (view.urgent) {
      el.banner.textContent =
        "Call your provider now. If it feels like an emergency, call " + view.emergency_number + ".";
      el.banner.hidden = false;
    } else {
      el.banner.hidden = true;
      el.banner.textContent = "";
    }
  }

  function renderTurn(view) {
    // The live region is re-read by screen readers when it changes: touch it only when the words change.
    const topic = view.topic ? view.topic.charAt(0).toUpperCase() + view.topic.slice(1) : "";
    if (view.heard === shown.heard && view.answer === shown.answer && topic === shown.topic) return;
    shown.heard = view.heard;
    shown.answer = view.answer;
    shown.topic = topic;
    el.heardText.textContent = view.heard;
    el.heard.hidden = view.heard === "";
    el.topic.textContent = topic;
    el.topic.hidden = view.heard !== "" || topic === "";
    el.answer.textContent = view.answer;
    el.answer.hidden = view.answer === "";
  }

  function renderWelcome(view) {
    const idle = view.answer === "" && !view.urgent;
    const welcome = view.welcome;
    const key = JSON.stringify([idle, welcome]);
    if (key === shown.welcome) return;
    shown.welcome = key;
    el.welcome.hidden = !idle;
    el.examples.replaceChildren();
    for (const text of welcome.examples) {
      const item = document.createElement("li");
      item.textContent = "“" + text + "”";
      el.examples.append(item);
    }
    el.disclaimer.textContent = welcome.disclaimer;
    el.disclaimer.hidden = welcome.disclaimer === "";
  }

  function render(view) {
    latest = view;
    renderPhase();
    renderBanner(view);
    renderTurn(view);
    renderWelcome(view);
    renderHearing();
    el.talk.hidden = !view.talk;
    document.body.dataset.seq = String(view.seq);
    fit();
  }

  // ---- push-to-talk ----
  el.talk.addEventListener("click", async () => {
    pressing = true;
    renderHearing();
    try {
      await fetch("/talk", { method: "POST", headers: { "X-Caption-Talk": "1" }, cache: "no-store" });
    } catch (_) {
      goOffline();
    } finally {
      setTimeout(() => {
        pressing = false;
        renderHearing();
      }, 800);
    }
  });

  // ---- live updates: the server pings every few seconds; a dropped stream or missed pings is "Offline" ----
  let source = null;
  let lastHeard = 0;
  let pingEvery = DEFAULT_PING_S;

  function setOffline(value) {
    if (offline === value) return;
    offline = value;
    el.conn.hidden = !value;
    renderPhase();
    fit();
  }

  function goOffline() {
    setOffline(true);
  }

  function heardFromServer() {
    lastHeard = Date.now();
    setOffline(false);
  }

  function connect() {
    source = new EventSource("/events");
    lastHeard = Date.now();
    source.onmessage = (event) => {
      heardFromServer();
      render(JSON.parse(event.data));
    };
    source.addEventListener("ping", (event) => {
      const every = parseFloat(JSON.parse(event.data).every_s);
      if (Number.isFinite(every) && every > 0) pingEvery = every;
      heardFromServer();
    });
    source.onerror = () => {
      goOffline();
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, RECONNECT_MS);
      }
    };
  }

  setInterval(() => {
    if (source === null || source.readyState === EventSource.CLOSED) return;
    if (Date.now() - lastHeard > MISSED_PINGS * pingEvery * 1000) {
      // The stream looks open but nothing arrives: the server is stuck or gone. Say so, and start afresh.
      goOffline();
      source.close();
      source = null;
      setTimeout(connect, RECONNECT_MS);
    }
  }, CHECK_MS);

  connect();
})();
