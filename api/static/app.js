// The web page: picks a pair from /v1/models, calls /v1/translate with attention, shows the
// translation, each sentence's alternatives and an attention heatmap of the selected sentence.
"use strict";

const $ = (id) => document.getElementById(id);
let sentences = [];

function setStatus(message, isError = false) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

function cell(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

const decodingByPair = new Map();  // "en|es" -> the model's decoding settings from /v1/models

// The controls start from the selected model's own settings, as a request that leaves them out gets.
function showModelDecoding() {
  const decoding = decodingByPair.get($("pair").value);
  if (!decoding) return;
  const radio = document.querySelector(`input[name=decode][value="${decoding.decode}"]`);
  if (radio) radio.checked = true;
  $("beam-size").value = decoding.beam_size;
  $("alpha").value = decoding.alpha;
  $("alpha-value").textContent = decoding.alpha;
}

async function loadPairs() {
  const response = await fetch("/v1/models");
  const { models } = await response.json();
  for (const model of models) {
    const option = cell("option", `${model.source} → ${model.target}`);
    option.value = `${model.source}|${model.target}`;
    decodingByPair.set(option.value, model.decoding);
    $("pair").append(option);
  }
  if (!models.length) setStatus("The server has no models loaded.", true);
  showModelDecoding();
}

function renderAlternatives(sentence) {
  const body = $("alternatives").tBodies[0];
  body.replaceChildren();
  sentence.alternatives.forEach((alternative, i) => {
    const row = document.createElement("tr");
    row.append(
      cell("td", i + 1, "num"),
      cell("td", alternative.text),
      cell("td", alternative.score.toFixed(3), "num"),
      cell("td", alternative.log_prob.toFixed(2), "num"),
    );
    body.append(row);
  });
}

function renderHeatmap(attention) {
  const table = $("heatmap");
  table.replaceChildren();
  if (!attention) return;
  const head = table.createTHead().insertRow();
  head.append(cell("th", ""));
  for (const token of attention.source_tokens) head.append(cell("th", token));
  // Shade from the smallest to the largest weight, as matplotlib's imshow does: a long source
  // spreads attention thin, and absolute shading would then look blank.
  const flat = attention.weights.flat();
  const low = Math.min(...flat);
  const span = Math.max(...flat) - low || 1;
  $("heatmap-scale").textContent = `${low.toFixed(3)} to ${(low + span).toFixed(3)}`;
  const body = table.createTBody();
  attention.weights.forEach((row, i) => {
    const tr = body.insertRow();
    tr.append(cell("th", attention.target_tokens[i]));
    row.forEach((weight, j) => {
      const td = tr.insertCell();
      td.style.background = `rgba(36, 88, 214, ${((weight - low) / span).toFixed(3)})`;
      td.title = `${attention.target_tokens[i]} ← ${attention.source_tokens[j]}: ${weight.toFixed(3)}`;
    });
  });
}

function select(index) {
  [...$("sentences").children].forEach((li, i) => li.classList.toggle("selected", i === index));
  renderAlternatives(sentences[index]);
  renderHeatmap(sentences[index].attention);
}

function render(result) {
  $("translation").textContent = result.translation;
  sentences = result.sentences;
  const list = $("sentences");
  list.replaceChildren();
  sentences.forEach((sentence, i) => {
    const li = cell("li", "");
    li.append(cell("span", sentence.source, "source"), document.createElement("br"), sentence.translation);
    li.addEventListener("click", () => select(i));
    list.append(li);
  });
  $("result").hidden = false;
  select(0);
}

async function translate(event) {
  event.preventDefault();
  const [source, target] = $("pair").value.split("|");
  const decode = document.querySelector("input[name=decode]:checked").value;
  const beamSize = Number($("beam-size").value);
  const body = {
    text: $("text").value,
    source,
    target,
    decode,
    beam_size: beamSize,
    alpha: Number($("alpha").value),
    n_best: decode === "greedy" ? 1 : Math.min(Number($("n-best").value), beamSize),
    return_attention: true,
  };
  const headers = { "Content-Type": "application/json" };
  if ($("api-key").value) headers["X-API-Key"] = $("api-key").value;
  $("translate").disabled = true;
  setStatus("Translating…");
  try {
    const started = performance.now();
    const response = await fetch("/v1/translate", { method: "POST", headers, body: JSON.stringify(body) });
    const data = await response.json();
    if (!response.ok) {
      setStatus(data.error, true);
      return;
    }
    render(data.results[0]);
    setStatus(`Translated in ${Math.round(performance.now() - started)} ms.`);
  } catch (error) {
    setStatus(`Request failed: ${error}`, true);
  } finally {
    $("translate").disabled = false;
  }
}

$("alpha").addEventListener("input", () => { $("alpha-value").textContent = $("alpha").value; });
$("pair").addEventListener("change", showModelDecoding);
$("form").addEventListener("submit", translate);
loadPairs().catch((error) => setStatus(`Could not load the models: ${error}`, true));
