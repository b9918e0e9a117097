// The live part of a planning-poker room: one WebSocket speaking the protocol in
// docs/poker-protocol.md (the terminal client speaks the same). The server sends this person's
// whole view of the room first (state), then after every change only the fields of it that changed
// (change, protocol 2); this script keeps the view up to date, draws it and sends what is clicked.
// Everything is built with textContent, never innerHTML: titles and names come from people.
(function () {
  "use strict";
  const root = document.getElementById("poker");
  if (!root) return;
  const roomId = root.dataset.room;
  const status = document.getElementById("poker-status");
  const fatal = new Set(["unknown_room", "not_a_member", "unsupported_version", "unauthenticated"]);
  let socket = null;
  let view = null;
  let retry = 0;
  let stopped = false;
  let refs = 0;
  let timerHandle = null;
  let clockSkew = 0;
  let timerLength = "120";

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  };

  const alertBox = el("p", { role: "alert", class: "poker-alert", hidden: true });
  const live = el("div", { class: "poker-live" });
  // The facilitator's story tools are built once and never redrawn: a state frame arriving while
  // someone types or ticks boxes must not wipe what they are doing.
  const tools = buildTools();
  root.append(alertBox, live, tools);

  function buildTools() {
    const text = el("textarea", { id: "add-stories", rows: "3", placeholder: "One story per line" });
    const file = el("input", { type: "file", id: "stories-csv", accept: ".csv,text/csv" });
    file.addEventListener("change", async () => {
      if (file.files.length) send({ type: "add_stories", csv: await file.files[0].text() });
      file.value = "";
    });
    const picker = el("div", { class: "poker-work-items" },
      el("button", { type: "button", class: "outline", onclick: () => pickWorkItems(picker), text: "Pick from the team's work items" }));
    return el("section", { class: "poker-tools", "aria-labelledby": "tools-heading", hidden: true },
      el("h3", { id: "tools-heading", text: "Add stories" }),
      el("label", { for: "add-stories", text: "One story per line" }), text,
      el("button", { type: "button", class: "outline", onclick: () => { if (text.value.trim()) { send({ type: "add_stories", text: text.value }); text.value = ""; } }, text: "Add" }),
      el("label", { for: "stories-csv", text: "Or from a CSV file (a title column; work_item_id or id optional)" }), file,
      picker);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${location.host}${root.dataset.socket}`);
    setStatus("Connecting…");
    socket.addEventListener("open", () => send({ type: "hello", protocol: 2, room: roomId }));
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("close", () => {
      socket = null;
      draw();
      if (stopped) return;
      const wait = Math.min(10, 2 ** retry++);
      setStatus(`Connection lost. Your vote is kept on the server; reconnecting in ${wait} s…`, true);
      setTimeout(connect, wait * 1000);
    });
  }

  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      showError("Not connected: wait for the connection to come back.");
      return;
    }
    message.ref = `r${++refs}`;
    socket.send(JSON.stringify(message));
  }

  function receive(frame) {
    if (frame.type === "state" || (frame.type === "change" && view)) {
      retry = 0;
      // A change frame holds whole fields of the view (participants, stories, current, …): each
      // replaces the one held; the fields it does not name are unchanged.
      view = frame.type === "state" ? frame.room : Object.assign(view, frame.room);
      clockSkew = Date.parse(view.serverTime) - Date.now();
      setStatus(`Connected as ${me()?.name ?? "you"}.`);
      draw();
    } else if (frame.type === "error") {
      showError(frame.message);
      if (fatal.has(frame.code)) {
        stopped = true;
        setStatus(frame.message, true);
      }
    }
  }

  function setStatus(text, problem) {
    status.textContent = text;
    status.classList.toggle("error", !!problem);
  }

  function showError(text) {
    alertBox.textContent = text;
    alertBox.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => { alertBox.hidden = true; }, 8000);
  }

  const me = () => view?.participants.find((p) => p.personId === view.you.personId);
  const nameOf = (id) => view.participants.find((p) => p.personId === id)?.name ?? `#${id}`;
  const round = () => view?.current?.rounds.at(-1) ?? null;
  const connected = () => socket && socket.readyState === WebSocket.OPEN;

  function draw() {
    if (!view) return;
    const current = view.current;
    const last = round();
    const facilitator = view.you.facilitator;
    const voting = current && last && last.status === "open" && current.status !== "accepted";
    live.replaceChildren(...[
      drawStory(current, last),
      drawTimerBox(),
      voting && view.you.role === "voter" ? drawCards(last) : null,
      drawPeople(last),
      last && last.status === "revealed" ? drawResults(current, last) : null,
      last && last.status === "revealed" && last.statistics ? drawReferences(last.statistics) : null,
      facilitator ? drawControls(current, last) : null,
      drawStories(facilitator),
    ].filter(Boolean));
    tools.hidden = !facilitator;
    drawTimer();
  }

  function drawStory(current, last) {
    if (!current) {
      return el("section", { class: "poker-story" }, el("h2", { text: "No story yet" }),
        el("p", { text: view.you.facilitator ? "Add stories below to start." : "Waiting for the facilitator to add a story." }));
    }
    const state = current.status === "accepted" ? `Accepted: ${current.finalEstimate}`
      : last && last.status === "revealed" ? `Round ${last.number} revealed`
      : `Round ${last?.number ?? 1}: voting`;
    return el("section", { class: "poker-story", "aria-labelledby": "story-title" },
      el("h2", { id: "story-title", text: current.title }),
      el("p", { class: "muted" }, current.workItemId ? `${current.workItemId} · ` : "", state));
  }

  // The timer's countdown, on the server's clock: minutes and seconds left ("1:58 left").
  function drawTimerBox() {
    return view.timer ? el("p", { class: "poker-timer", id: "poker-timer", role: "timer", "aria-label": "Time left" }) : null;
  }

  const clock = (total) => `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;

  function drawCards(last) {
    const group = el("div", { class: "poker-cards", role: "group", "aria-label": "Your card" });
    view.deck.cards.forEach((card, index) => {
      const chosen = last.yourVote === card.label;
      group.append(el("button", {
        type: "button", class: chosen ? "poker-card chosen" : "poker-card outline",
        "aria-pressed": chosen ? "true" : "false", disabled: !connected(),
        "aria-keyshortcuts": index < 10 ? String((index + 1) % 10) : null,
        onclick: () => chosen ? send({ type: "clear_vote" }) : vote(card.label),
        text: card.label,
      }));
    });
    return el("section", { "aria-labelledby": "cards-heading" },
      el("h3", { id: "cards-heading", text: last.yourVote ? `Your vote: ${last.yourVote}` : "Pick a card" }), group);
  }

  function vote(card) {
    send({ type: "vote", card, storyId: view.current.id, round: round().number });
  }

  function drawPeople(last) {
    const list = el("ul", { class: "poker-people", "aria-label": "People in the room" });
    const revealed = last && last.status === "revealed";
    const stats = revealed ? last.statistics : null;
    for (const person of view.participants) {
      let mark = "";
      if (person.role === "voter" && last) {
        if (revealed) {
          const card = last.votes?.find((v) => v.personId === person.personId)?.card;
          mark = card ?? (last.missing?.includes(person.personId) ? "missing" : "—");
        } else {
          mark = last.voted.includes(person.personId) ? "voted" : "not yet";
        }
      }
      const speaks = stats && (stats.lowest.includes(person.personId) || stats.highest.includes(person.personId));
      list.append(el("li", { class: person.present ? (speaks ? "speaks" : null) : "absent" },
        el("span", { class: "poker-name", text: person.name + (person.personId === view.you.personId ? " (you)" : "") }),
        person.facilitator ? el("span", { class: "poker-badge", text: "facilitator" }) : null,
        person.role === "observer" ? el("span", { class: "poker-badge", text: "observer" }) : null,
        person.present ? null : el("span", { class: "poker-badge", text: "away" }),
        speaks ? el("span", { class: "poker-badge", text: stats.lowest.includes(person.personId) ? "lowest: explains first" : "highest: explains first" }) : null,
        el("span", { class: "poker-mark", text: mark })));
    }
    return el("section", { "aria-labelledby": "people-heading" }, el("h3", { id: "people-heading", text: "People" }), list);
  }

  function drawResults(current, last) {
    const s = last.statistics;
    const rows = s.distribution.map((d) => el("tr", {},
      el("th", { scope: "row", text: d.card }), el("td", { text: String(d.count) }),
      el("td", { text: d.voters.map(nameOf).join(", ") })));
    const figures = el("dl", { class: "poker-figures" },
      figure("Median", s.median ?? "—"), figure("Mode", s.modes.length ? s.modes.join(", ") : "none"),
      figure("Nearest card to the mean", s.nearestCard ?? "—"),
      figure("Spread", s.spread === null ? "—" : `${s.spread} card step${s.spread === 1 ? "" : "s"}`),
      figure("Consensus", `${s.consensus ? "yes" : "no"}: ${s.consensusReason}`),
      s.nonEstimateVotes ? figure("? and ☕", String(s.nonEstimateVotes)) : null,
      last.missing?.length ? figure("Missing", last.missing.map(nameOf).join(", ")) : null);
    return el("section", { class: "poker-results", "aria-labelledby": "results-heading" },
      el("h3", { id: "results-heading", text: `Round ${last.number}: ${s.votes} vote${s.votes === 1 ? "" : "s"}` }),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Card" }), el("th", { scope: "col", text: "Votes" }), el("th", { scope: "col", text: "Who" }))),
        el("tbody", {}, rows)),
      figures,
      current.rounds.length > 1 ? el("p", { class: "muted", text: `Earlier rounds: ${current.rounds.slice(0, -1).map((r) => r.statistics ? `round ${r.number} median ${r.statistics.median ?? "—"}, spread ${r.statistics.spread ?? "—"}` : `round ${r.number}`).join("; ")}` }) : null);
  }

  // Reference stories come only after a reveal: seen before voting they would anchor the votes.
  let references = null;
  function drawReferences(statistics) {
    const section = el("section", { class: "poker-references", "aria-labelledby": "references-heading" },
      el("h3", { id: "references-heading", text: "Earlier stories at these cards" }));
    if (references === null) {
      references = [];
      fetch(`/api/v1/poker/rooms/${encodeURIComponent(roomId)}/reference-stories`, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : []))
        .then((list) => { references = list; draw(); })
        .catch(() => {});
    }
    const played = new Set(statistics.distribution.map((d) => d.card));
    const shown = references.filter((r) => played.has(r.card));
    if (!shown.length) return null;
    section.append(el("ul", {}, shown.map((r) => el("li", {}, el("strong", { text: `${r.card}: ` }),
      r.stories.map((s) => `${s.title} (${s.cycleDays.toFixed(1)} days)`).join("; ")))));
    return section;
  }

  const figure = (term, value) => [el("dt", { text: term }), el("dd", { text: String(value) })];

  function drawControls(current, last) {
    const box = el("section", { class: "poker-controls", "aria-labelledby": "controls-heading" }, el("h3", { id: "controls-heading", text: "Facilitate" }));
    const row = el("div", { class: "grid-buttons" });
    if (current && last && last.status === "open") {
      const missing = view.participants.filter((p) => p.role === "voter" && p.present && !last.voted.includes(p.personId)).length;
      row.append(el("button", { type: "button", onclick: () => send({ type: "reveal" }), disabled: !connected(), "aria-keyshortcuts": "r",
        text: missing ? `Reveal now (${missing} not voted)` : "Reveal" }));
    }
    if (current && last && last.status === "revealed" && current.status !== "accepted") {
      row.append(el("button", { type: "button", class: "secondary", onclick: () => send({ type: "revote" }), disabled: !connected(), text: "Vote again" }));
      const choice = el("select", { id: "accept-card", "aria-label": "Final estimate" },
        view.deck.cards.filter((c) => c.isEstimate).map((c) => el("option", { value: c.label, selected: c.label === (last.statistics?.nearestCard ?? last.statistics?.modes?.[0]), text: c.label })));
      row.append(el("div", { class: "accept" }, choice,
        el("button", { type: "button", onclick: () => send({ type: "accept", card: choice.value }), disabled: !connected(), text: "Accept estimate" })));
    }
    if (view.stories.some((s) => s.status === "pending")) {
      row.append(el("button", { type: "button", class: "outline", onclick: () => send({ type: "next_story" }), disabled: !connected(), text: "Next story" }));
    }
    // The protocol counts the timer in seconds: the length is asked in seconds, with what it will
    // show as a countdown beside it, so "120" never stands alone without its unit.
    // What was typed is kept across redraws: a state frame must not undo it.
    const seconds = el("input", { type: "number", id: "timer-seconds", min: "10", max: "3600", value: timerLength, "aria-describedby": "timer-unit" });
    const preview = el("span", { class: "muted", id: "timer-unit" });
    const showPreview = () => { preview.textContent = `seconds (${clock(Number(seconds.value) || 0)})`; };
    seconds.addEventListener("input", () => { timerLength = seconds.value; showPreview(); });
    showPreview();
    row.append(view.timer
      ? el("button", { type: "button", class: "outline", onclick: () => send({ type: "timer_stop" }), text: "Stop timer" })
      : el("div", { class: "timer-start" },
        el("label", { for: "timer-seconds", text: "Timer length" }), seconds, preview,
        el("button", { type: "button", class: "outline", onclick: () => send({ type: "timer_start", seconds: Number(seconds.value) }), text: "Start timer" })));
    const others = view.participants.filter((p) => p.personId !== view.you.personId && p.present);
    if (others.length) {
      const to = el("select", { "aria-label": "Hand over to" }, others.map((p) => el("option", { value: String(p.personId), text: p.name })));
      row.append(el("div", { class: "hand-over" }, to, el("button", { type: "button", class: "outline", onclick: () => send({ type: "hand_over", personId: Number(to.value) }), text: "Hand over" })));
    }
    box.append(row);
    return box;
  }

  // The team's open work items as checkboxes; the chosen ones become stories tied to them, so an
  // accepted estimate is written back to the work item.
  async function pickWorkItems(container) {
    const response = await fetch(`/api/v1/poker/rooms/${encodeURIComponent(roomId)}/work-items`, { headers: { Accept: "application/json" } });
    if (!response.ok) { showError("The team's work items could not be read."); return; }
    const items = await response.json();
    const taken = new Set(view.stories.map((s) => s.workItemId).filter(Boolean));
    const open = items.filter((i) => !taken.has(i.id));
    if (!open.length) { container.replaceChildren(el("p", { class: "muted", text: "No open work items of this team left to add." })); return; }
    const fieldset = el("fieldset", {}, el("legend", { text: "Open work items" }),
      open.map((item) => el("label", {}, el("input", { type: "checkbox", value: item.id, "data-title": item.title }),
        ` ${item.id}: ${item.title}${item.estimate !== null ? ` (now ${item.estimate} ${item.estimateUnit ?? ""})` : ""}`)));
    container.replaceChildren(fieldset, el("button", {
      type: "button", onclick: () => {
        const chosen = [...fieldset.querySelectorAll("input:checked")].map((box) => ({ title: box.dataset.title, workItemId: box.value }));
        if (chosen.length) send({ type: "add_stories", stories: chosen });
      }, text: "Add the chosen work items",
    }));
  }

  function drawStories(facilitator) {
    if (!view.stories.length) return null;
    const list = el("ol", { class: "poker-stories" });
    for (const story of view.stories) {
      const label = `${story.title}${story.finalEstimate ? ` — ${story.finalEstimate}` : ""}`;
      const isCurrent = view.current?.id === story.id;
      list.append(el("li", { class: isCurrent ? "current" : null, "aria-current": isCurrent ? "true" : null },
        facilitator && !isCurrent && story.status !== "accepted"
          ? el("button", { type: "button", class: "link", onclick: () => send({ type: "select_story", storyId: story.id }), text: label })
          : el("span", { text: label })));
    }
    return el("section", { "aria-labelledby": "stories-heading" }, el("h3", { id: "stories-heading", text: "Stories" }), list);
  }

  function drawTimer() {
    clearInterval(timerHandle);
    const node = document.getElementById("poker-timer");
    if (!node || !view.timer) return;
    const tick = () => {
      const left = Math.max(0, Math.round((Date.parse(view.timer.deadline) - (Date.now() + clockSkew)) / 1000));
      node.textContent = left > 0 ? `${clock(left)} left` : "Time is up";
    };
    tick();
    timerHandle = setInterval(tick, 1000);
  }

  document.addEventListener("keydown", (event) => {
    if (!view || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement) return;
    const last = round();
    const cards = view.deck.cards;
    if (view.you.facilitator && event.key === "r" && last?.status === "open") { send({ type: "reveal" }); return; }
    if (!last || last.status !== "open" || view.you.role !== "voter") return;
    let card = null;
    if (/^[0-9]$/.test(event.key)) card = cards[(Number(event.key) + 9) % 10]?.label;
    else if (event.key === "?") card = cards.find((c) => c.label === "?")?.label;
    else if (event.key === "c") card = cards.find((c) => c.label === "☕")?.label;
    else if (event.key === "Backspace" && last.yourVote) { send({ type: "clear_vote" }); event.preventDefault(); return; }
    if (card) { vote(card); event.preventDefault(); }
  });

  connect();
})();
