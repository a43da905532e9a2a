// Admin page of Wegweiser: talks to /api/admin with the token kept in sessionStorage only.
'use strict';

(function adminPage() {
  const TOKEN_KEY = 'wegweiser-admin-token';
  const POLL_MS = 500;
  const $ = (id) => document.getElementById(id);

  const PHASES = {
    queued: 'wartet auf Start',
    scan: 'Dokumente werden gesucht',
    load: 'Dokumente werden gelesen',
    embed: 'Abschnitte werden eingebettet',
    write: 'Index wird geschrieben',
  };
  const STATES = {
    queued: 'wartet',
    running: 'läuft',
    succeeded: 'abgeschlossen',
    failed: 'fehlgeschlagen',
  };

  // Why ingestion skipped a document, by the English code it reports; its own detail text stays English.
  const FAILURES = {
    unsupported_type: 'Dieser Dateityp wird nicht unterstützt.',
    too_large: 'Die Datei ist größer als erlaubt (MAX_FILE_SIZE_MB).',
    unreadable: 'Die Datei kann nicht gelesen werden.',
    empty_file: 'Die Datei ist leer.',
    no_text: 'Das Dokument enthält keinen Text.',
    load_failed: 'Das Dokument konnte nicht verarbeitet werden.',
    wrong_content_type: 'Der Inhalt passt nicht zur Dateiendung.',
    pdf_encrypted: 'Das PDF ist passwortgeschützt.',
    pdf_corrupt: 'Das PDF ist beschädigt.',
    docx_encrypted_or_legacy: 'Das Word-Dokument ist passwortgeschützt oder im alten .doc-Format.',
    pptx_encrypted_or_legacy: 'Die Präsentation ist passwortgeschützt oder im alten .ppt-Format.',
    docx_corrupt: 'Das Word-Dokument ist beschädigt.',
    pptx_corrupt: 'Die Präsentation ist beschädigt.',
  };

  let token = sessionStorage.getItem(TOKEN_KEY) || '';
  let polling = false;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function showError(message) {
    const box = $('fehler');
    box.textContent = message;
    box.hidden = !message;
  }

  function setResult(id, message, ok) {
    const node = $(id);
    node.textContent = message;
    node.className = 'result ' + (ok ? 'ok' : 'error');
  }

  function formatBytes(bytes) {
    if (typeof bytes !== 'number') return '–';
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 }) + ' KB';
    return (bytes / (1024 * 1024)).toLocaleString('de-DE', { maximumFractionDigits: 1 }) + ' MB';
  }

  /** The German reason for a skipped document, with the ingestion's own (English) detail marked as such. */
  function failureNode(failure, keptPrevious) {
    const node = el('span', (FAILURES[failure.code] || 'Das Dokument konnte nicht eingelesen werden.') + (keptPrevious ? ' Die vorige Fassung bleibt im Index.' : ''));
    const detail = el('span', ' (' + String(failure.reason).replace(/ \(previous version kept\)$/, '') + ')', 'hint-inline');
    detail.lang = 'en';
    node.append(detail);
    return node;
  }

  function formatTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleString('de-DE');
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + token };
    const init = { method, headers };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch('/api/admin' + path, init);
    } catch (networkError) {
      throw new ApiError(0, 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.');
    }
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch (parseError) {
      data = null;
    }
    if (!response.ok) {
      const reason = data && typeof data.error === 'string' ? data.error : 'Der Server antwortete mit dem Status ' + response.status + '.';
      if (response.status === 401) {
        signOut();
        throw new ApiError(401, 'Anmeldung abgelehnt: ' + reason);
      }
      if (response.status === 403) throw new ApiError(403, 'Keine Berechtigung: ' + reason);
      throw new ApiError(response.status, reason);
    }
    return data;
  }

  function showSignedIn(signedIn) {
    $('anmelde-formular').hidden = signedIn;
    $('angemeldet').hidden = !signedIn;
    $('verwaltung').hidden = !signedIn;
  }

  function signOut() {
    token = '';
    sessionStorage.removeItem(TOKEN_KEY);
    showSignedIn(false);
  }

  function renderStatus(status) {
    const list = $('status-liste');
    list.replaceChildren();
    const add = (term, value) => {
      list.append(el('dt', term), el('dd', value));
    };
    add('Bereit', status.ready ? 'ja' : 'nein – noch kein Index geladen');
    if (status.index) {
      add('Index-Version', status.index.versionId);
      add('Erstellt', formatTime(status.index.createdAt));
      add('Dokumente im Index', status.index.fileCount);
      add('Abschnitte (Chunks)', status.index.chunkCount);
      add('Einbettungen', status.index.embedder.provider + ' · ' + status.index.embedder.model + ' · ' + status.index.embedder.dimensions + ' Dimensionen');
    }
    if (status.lastIngestion) {
      const s = status.lastIngestion.summary;
      const parts = [];
      if (typeof s.added === 'number') parts.push(s.added + ' neu', s.updated + ' geändert', s.unchanged + ' unverändert', s.removed + ' entfernt');
      parts.push(s.failed + ' fehlgeschlagen');
      add('Letzte Indexierung', formatTime(status.lastIngestion.at) + ' – ' + parts.join(', '));
    }
    if (typeof status.maxUploadSizeMb === 'number') $('max-groesse').textContent = String(status.maxUploadSizeMb);
    renderDocuments(status.documents);
  }

  function documentState(doc) {
    if (doc.failedReason) {
      const cell = el('span', 'Fehler: ');
      cell.append(failureNode({ code: doc.failedCode, reason: doc.failedReason }, doc.indexed));
      return cell;
    }
    if (!doc.inFolder) return 'im Index, Datei fehlt (wird beim nächsten Indexieren entfernt)';
    if (doc.pending) return doc.indexed ? 'geändert – bitte neu indexieren' : 'neu – bitte indexieren';
    return 'indexiert';
  }

  function renderDocuments(documents) {
    const body = $('dokumente-tabelle').querySelector('tbody');
    body.replaceChildren();
    for (const doc of documents) {
      const row = el('tr');
      const name = el('th', doc.name);
      name.scope = 'row';
      const state = el('td');
      state.append(documentState(doc));
      row.append(name, el('td', formatBytes(doc.size)), el('td', doc.indexed ? doc.chunkCount : '–'), state);
      const action = el('td');
      if (doc.inFolder) {
        const button = el('button', 'Löschen', 'danger');
        button.type = 'button';
        button.setAttribute('aria-label', doc.name + ' löschen');
        button.addEventListener('click', () => deleteDocument(doc.name));
        action.append(button);
      }
      row.append(action);
      body.append(row);
    }
  }

  function renderFeedback(entries) {
    const body = $('feedback-tabelle').querySelector('tbody');
    body.replaceChildren();
    $('feedback-leer').hidden = entries.length > 0;
    for (const entry of entries) {
      const row = el('tr');
      const ratingText = entry.rating === 'up' ? 'hilfreich' : entry.rating === 'down' ? 'nicht hilfreich' : '–';
      const sources = Array.isArray(entry.sources) ? entry.sources.join('; ') : '';
      row.append(el('td', formatTime(entry.ts)), el('td', ratingText), el('td', entry.comment || '–'), el('td', sources || '–'));
      body.append(row);
    }
  }

  function renderReport(job) {
    const container = $('bericht-inhalt');
    container.replaceChildren();
    $('bericht').hidden = false;
    container.append(el('p', 'Auftrag ' + STATES[job.state] + (job.finishedAt ? ' um ' + formatTime(job.finishedAt) : '') + '.'));
    if (job.error) container.append(el('p', 'Fehler: ' + job.error.message, 'result error'));
    const report = job.report;
    if (!report) return;
    container.append(
      el('p', report.chunkCount + ' Abschnitte im Index, ' + report.chunksEmbedded + ' neu eingebettet, Dauer ' + (report.durationMs / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 }) + ' s.'),
    );
    const groups = [
      ['Neu', report.added],
      ['Geändert', report.updated],
      ['Unverändert', report.unchanged],
      ['Entfernt', report.removed],
    ];
    for (const [title, names] of groups) {
      container.append(el('h4', title + ' (' + names.length + ')'));
      if (names.length === 0) continue;
      const list = el('ul', undefined, 'report-list');
      for (const name of names) list.append(el('li', name));
      container.append(list);
    }
    container.append(el('h4', 'Fehlgeschlagen (' + report.failed.length + ')'));
    if (report.failed.length > 0) {
      const list = el('ul', undefined, 'report-list');
      for (const failure of report.failed) {
        const item = el('li', failure.source + ': ');
        item.append(failureNode(failure, / \(previous version kept\)$/.test(failure.reason)));
        list.append(item);
      }
      container.append(list);
    }
    for (const note of report.notes || []) {
      // Notes are written by the ingestion in English.
      const paragraph = el('p', 'Hinweis der Indexierung: ', 'hint');
      const text = el('span', note);
      text.lang = 'en';
      paragraph.append(text);
      container.append(paragraph);
    }
  }

  async function refresh() {
    try {
      const [status, feedback] = await Promise.all([api('GET', '/status'), api('GET', '/feedback')]);
      showError('');
      renderStatus(status);
      renderFeedback(feedback.entries);
      if (status.runningJob && !polling) pollJob(status.runningJob.id);
    } catch (error) {
      showError(error.message);
    }
  }

  function describeProgress(job) {
    const p = job.progress || {};
    const phase = PHASES[p.phase] || p.phase || '';
    if (job.state === 'running' || job.state === 'queued') {
      return 'Indexierung läuft: ' + phase + (p.total ? ' (' + p.done + ' von ' + p.total + ')' : '') + '.';
    }
    return job.state === 'succeeded' ? 'Indexierung abgeschlossen.' : 'Indexierung fehlgeschlagen: ' + (job.error ? job.error.message : 'unbekannter Fehler');
  }

  function setReindexButtons(disabled) {
    $('indexieren').disabled = disabled;
    $('voll-indexieren').disabled = disabled;
  }

  async function pollJob(jobId) {
    polling = true;
    setReindexButtons(true);
    const progress = $('fortschritt');
    let lastAnnounced = '';
    try {
      for (;;) {
        const job = await api('GET', '/jobs/' + encodeURIComponent(jobId));
        const p = job.progress || {};
        progress.max = p.total > 0 ? p.total : 1;
        progress.value = p.total > 0 ? p.done : 0;
        // The live region only changes when the phase or state changes, so screen readers are not flooded.
        const announcement = job.state === 'running' ? 'Indexierung läuft: ' + (PHASES[p.phase] || p.phase) + '.' : describeProgress(job);
        if (announcement !== lastAnnounced) {
          $('auftrag-status').textContent = announcement;
          lastAnnounced = announcement;
        }
        progress.setAttribute('aria-valuetext', describeProgress(job));
        if (job.state === 'succeeded' || job.state === 'failed') {
          if (job.state === 'succeeded') {
            progress.max = 1;
            progress.value = 1;
          }
          renderReport(job);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      showError(error.message);
    } finally {
      polling = false;
      setReindexButtons(false);
    }
    await refresh();
  }

  async function startReindex(full) {
    showError('');
    try {
      const { jobId } = await api('POST', '/reindex', { full });
      $('auftrag-status').textContent = 'Indexierung gestartet.';
      await pollJob(jobId);
    } catch (error) {
      if (error.status === 409) showError('Es läuft bereits eine Indexierung. Bitte warten Sie, bis sie abgeschlossen ist.');
      else showError(error.message);
    }
  }

  async function deleteDocument(name) {
    if (!window.confirm('„' + name + '“ wirklich aus dem Dokumentenordner löschen?')) return;
    try {
      await api('DELETE', '/documents/' + encodeURIComponent(name));
      setResult('dokumente-meldung', name + ' wurde gelöscht. Bitte neu indexieren, damit es aus den Antworten verschwindet.', true);
      await refresh();
    } catch (error) {
      setResult('dokumente-meldung', 'Löschen fehlgeschlagen: ' + error.message, false);
    }
  }

  $('anmelde-formular').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) {
      showError('Bitte geben Sie das Admin-Token ein.');
      $('token').focus();
      return;
    }
    token = value;
    try {
      await api('GET', '/status');
      sessionStorage.setItem(TOKEN_KEY, token);
      $('token').value = '';
      showError('');
      showSignedIn(true);
      $('status-titel').setAttribute('tabindex', '-1');
      $('status-titel').focus();
      await refresh();
    } catch (error) {
      signOut();
      showError(error.message);
      $('token').focus();
    }
  });

  $('abmelden').addEventListener('click', () => {
    signOut();
    $('token').focus();
  });

  $('status-aktualisieren').addEventListener('click', refresh);

  $('hochlade-formular').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('datei');
    const file = input.files && input.files[0];
    if (!file) {
      setResult('hochladen-meldung', 'Bitte wählen Sie zuerst eine Datei aus.', false);
      input.focus();
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    setResult('hochladen-meldung', file.name + ' wird hochgeladen …', true);
    try {
      const stored = await api('POST', '/documents', form);
      setResult('hochladen-meldung', stored.name + ' wurde gespeichert (' + formatBytes(stored.size) + '). Jetzt neu indexieren, damit der Assistent es kennt.', true);
      input.value = '';
      await refresh();
    } catch (error) {
      setResult('hochladen-meldung', 'Hochladen fehlgeschlagen: ' + error.message, false);
    }
  });

  $('indexieren').addEventListener('click', () => startReindex(false));
  $('voll-indexieren').addEventListener('click', () => startReindex(true));

  if (token) {
    showSignedIn(true);
    refresh();
  } else {
    showSignedIn(false);
  }
})();
