// Starts Bot Framework Web Chat on the page: over the built-in Direct Line endpoint of this server,
// or over Azure Direct Line with a token the server obtained (the secret stays on the server).
// Around Web Chat the page adds: "Neues Gespräch", a visible error state with retry when the server
// cannot be reached or a message cannot be sent, German dates and times, and the answer parts of
// answerParts.js (sources with passages, light feedback).
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  if (params.get('embed') === '1') {
    document.documentElement.classList.add('embed');
    // Escape closes the embed panel; the host page listens (embed.js). Keys Web Chat uses itself are left alone.
    window.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented && window.parent !== window) {
        window.parent.postMessage({ type: 'wegweiser:close' }, '*');
      }
    });
  }

  /** How often the page checks that the server answers, while it is visible. */
  var HEARTBEAT_MS = 3000;
  var PROBE_TIMEOUT_MS = 2000;
  /** A message not confirmed within this time makes the page check the server at once. */
  var SEND_WATCH_MS = 2500;
  var CONNECTION = { uninitialized: 0, connecting: 1, online: 2, expiredToken: 3, failedToConnect: 4, ended: 5 };

  var TEXTS = {
    offline: 'Der Wegweiser ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Netzverbindung; Sie können es gleich noch einmal versuchen.',
    sendFailed: 'Ihre Nachricht konnte nicht gesendet werden. Sie können sie erneut senden.',
    startFailed: 'Die Verbindung zum Wegweiser ist fehlgeschlagen. Sie können es gleich noch einmal versuchen.',
    stillOffline: 'Der Wegweiser ist weiterhin nicht erreichbar. Bitte versuchen Sie es in einem Moment noch einmal.',
    reconnected: 'Die Verbindung steht wieder.',
    conversationLost: 'Die Verbindung steht wieder, aber der Server kennt dieses Gespräch nicht mehr. „Erneut versuchen“ beginnt ein neues.',
    restarted: 'Die Verbindung steht wieder. Das Gespräch wurde neu begonnen.',
    resent: 'Die Verbindung steht wieder. Ihre Nachricht wurde erneut gesendet.',
    newConversation: 'Neues Gespräch begonnen. Das bisherige Gespräch ist vergessen.',
    loadFailed: 'Der Chat konnte nicht geladen werden. Bitte laden Sie die Seite neu.'
  };

  var statusText = document.getElementById('status');
  var statusBar = document.getElementById('connection');
  var retryButton = document.getElementById('retry');
  var newButton = document.getElementById('new-conversation');
  var chat = document.getElementById('chat');
  var parts = window.Wegweiser && window.Wegweiser.answerParts;

  /** The running chat: its Direct Line, store and what the page knows about its connection. */
  var session;
  var sessions = 0;
  var problem = null;
  var config;

  function say(message) {
    statusText.textContent = message;
  }

  function showProblem(kind, message) {
    problem = kind;
    statusBar.classList.add('error');
    retryButton.hidden = false;
    say(message);
  }

  function clearProblem(message) {
    problem = null;
    statusBar.classList.remove('error');
    retryButton.hidden = true;
    say(message || '');
  }

  function probe() {
    return fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
      function (response) {
        return response.ok;
      },
      function () {
        return false;
      }
    );
  }

  /** Whether the server still knows the conversation (it forgets it on a restart or after 30 idle minutes). */
  function conversationAlive(current) {
    var directLine = current.directLine;
    if (!directLine.conversationId || !directLine.token) return Promise.resolve(false);
    var domain = config.mode === 'azure' ? config.domain : window.location.origin + '/v3/directline';
    var url = domain + '/conversations/' + encodeURIComponent(directLine.conversationId) + '/activities?watermark=' + encodeURIComponent(directLine.watermark || '');
    return fetch(url, { headers: { Authorization: 'Bearer ' + directLine.token }, cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
      function (response) {
        return response.ok;
      },
      function () {
        return false;
      }
    );
  }

  // --- German dates and times -----------------------------------------------------------------------

  // Web Chat formats time stamps with a 12-hour pattern in every locale ("7:40 PM"); these
  // formatters, built on the browser's Intl for de-DE, replace its precompiled ones.
  var GERMAN_FORMATS = {
    dateFormatter: function () {
      var format = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
      return function (date) {
        return format.format(date);
      };
    },
    relativeTimeFormatter: function (unit) {
      var format = new Intl.RelativeTimeFormat('de-DE', { numeric: 'auto' });
      return function (value) {
        return format.format(value, unit);
      };
    },
    unitFormatter: function (unit, options) {
      var format = new Intl.NumberFormat('de-DE', { style: 'unit', unit: unit, unitDisplay: options && options.form === 'short' ? 'short' : 'long' });
      return function (value) {
        return format.format(value);
      };
    },
    plural: function (value) {
      return new Intl.PluralRules('de-DE').select(value);
    }
  };

  // --- Direct Line ------------------------------------------------------------------------------------

  function postJson(url) {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(function (response) {
      if (!response.ok) throw new Error(url + ' answered ' + response.status);
      return response.json();
    });
  }

  function connect() {
    if (config.mode === 'azure') {
      return postJson('/api/directline/token').then(function (body) {
        return { directLine: window.WebChat.createDirectLine({ token: body.token, domain: config.domain }), sendTimeout: 20000 };
      });
    }
    var domain = window.location.origin + '/v3/directline';
    return postJson(domain + '/tokens/generate').then(function (body) {
      // The built-in endpoint confirms a message at once, so a send that takes seconds has failed.
      return { directLine: window.WebChat.createDirectLine({ domain: domain, token: body.token, webSocket: false, pollingInterval: 700 }), sendTimeout: 5000 };
    });
  }

  /** Watches the chat's traffic: incoming answers, unconfirmed sends, the connection status. */
  function createStore(current) {
    return window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (current !== session) {
            // A conversation being ended only reports the post of its endOfConversation.
            if (current.onEnded && /^DIRECT_LINE\/POST_ACTIVITY_(FULFILLED|IMPEDED|REJECTED)$/.test(action.type) && action.payload.activity.type === 'endOfConversation') {
              current.onEnded();
            }
            return next(action);
          }
          switch (action.type) {
            case 'DIRECT_LINE/INCOMING_ACTIVITY':
              if (parts) {
                parts.observeIncoming(action.payload.activity);
                action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: parts.prepareIncoming(action.payload.activity) }) });
              }
              break;
            case 'DIRECT_LINE/POST_ACTIVITY_PENDING':
              watchSend(current, action.meta.clientActivityID, action.payload.activity);
              break;
            case 'DIRECT_LINE/POST_ACTIVITY_FULFILLED':
              current.pending.delete(action.meta.clientActivityID);
              if (problem === 'send' && current.pending.size === 0) clearProblem(TEXTS.reconnected);
              break;
            case 'DIRECT_LINE/POST_ACTIVITY_IMPEDED':
            case 'DIRECT_LINE/POST_ACTIVITY_REJECTED':
              if (action.payload.activity.type === 'message') showProblem('send', TEXTS.sendFailed);
              break;
            case 'DIRECT_LINE/CONNECTION_STATUS_UPDATE':
              current.connectionStatus = action.payload.connectionStatus;
              if (current.connectionStatus === CONNECTION.online) current.markOnline();
              if (current.connectionStatus === CONNECTION.failedToConnect || current.connectionStatus === CONNECTION.expiredToken) {
                probe().then(function (reachable) {
                  if (current === session) showProblem(reachable ? 'lost' : 'offline', reachable ? TEXTS.conversationLost : TEXTS.offline);
                });
              }
              break;
          }
          return next(action);
        };
      };
    });
  }

  function watchSend(current, clientActivityID, activity) {
    if (!activity || activity.type !== 'message') return;
    current.pending.set(clientActivityID, activity.text || '');
    setTimeout(function () {
      if (current !== session || !current.pending.has(clientActivityID)) return;
      probe().then(function (reachable) {
        if (current === session && !reachable) showProblem('offline', TEXTS.offline);
      });
    }, SEND_WATCH_MS);
  }

  function styleOptions(sendTimeout) {
    var narrow = window.matchMedia('(max-width: 40rem)').matches;
    return {
      accent: '#00468c',
      hideUploadButton: true,
      botAvatarInitials: 'WW',
      userAvatarInitials: 'Sie',
      bubbleBackground: '#f1f4f8',
      bubbleFromUserBackground: '#e3ecf7',
      // Small screens: one question per row, wrapped, instead of a carousel that shows only one.
      suggestedActionLayout: narrow ? 'stacked' : 'flow',
      suggestedActionsStackedLayoutButtonTextWrap: true,
      sendBoxTextWrap: true,
      sendTimeout: sendTimeout,
      timestampColor: '#4a4a4a',
      subtle: '#4a4a4a'
    };
  }

  /** The page's own endOfConversation ("Neues Gespräch") has nothing to show. */
  function hideEndOfConversation() {
    return function (next) {
      return function () {
        var card = arguments[0];
        if (card && card.activity && card.activity.type === 'endOfConversation') return false;
        return next.apply(null, arguments);
      };
    };
  }

  /** Connects a new conversation and renders a fresh Web Chat for it. */
  function start() {
    return connect().then(function (connection) {
      var current = { directLine: connection.directLine, pending: new Map(), connectionStatus: CONNECTION.uninitialized };
      // Web Chat drops messages sent before its Direct Line is connected.
      current.online = new Promise(function (resolve) {
        current.markOnline = resolve;
      });
      current.store = createStore(current);
      session = current;
      sessions += 1;
      if (parts) parts.useDispatch(current.store.dispatch);
      window.WebChat.renderWebChat(
        {
          // A new key makes React replace the whole Web Chat (new store, new transcript) instead of
          // updating the old one with a foreign Direct Line.
          key: 'conversation-' + sessions,
          directLine: connection.directLine,
          store: current.store,
          locale: 'de-DE',
          overrideLocalizedStrings: { GLOBALIZE: GERMAN_FORMATS },
          styleOptions: styleOptions(connection.sendTimeout),
          activityMiddleware: [hideEndOfConversation],
          attachmentMiddleware: parts ? [parts.attachmentMiddleware] : [],
          attachmentForScreenReaderMiddleware: parts ? [parts.attachmentForScreenReaderMiddleware] : [],
          activityStatusMiddleware: parts ? [parts.activityStatusMiddleware] : []
        },
        chat
      );
      return current;
    });
  }

  /** Ends the current conversation (with notifyBot, the bot forgets it at once) and its Direct Line. */
  function stop(current, notifyBot) {
    if (!current) return Promise.resolve();
    // Posted through Web Chat, so the activity carries Web Chat's user id like every message.
    var ended = notifyBot
      ? new Promise(function (resolve) {
          current.onEnded = resolve;
          current.store.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY', meta: { method: 'code' }, payload: { activity: { type: 'endOfConversation' } } });
          setTimeout(resolve, 3000);
        })
      : Promise.resolve();
    return ended.then(function () {
      current.directLine.end();
    });
  }

  function focusSendBox() {
    var box = chat.querySelector('[role="form"] textarea, [role="form"] input[type="text"], textarea, input[type="text"]');
    if (box) box.focus();
  }

  function restart(notifyBot, message, resend) {
    var previous = session;
    session = undefined;
    return stop(previous, notifyBot)
      .then(start)
      .then(function (current) {
        clearProblem(message);
        focusSendBox();
        if (!resend || resend.length === 0) return;
        return current.online.then(function () {
          resend.forEach(function (text) {
            current.store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: text, method: 'code' } });
          });
        });
      });
  }

  newButton.addEventListener('click', function () {
    if (!session) return;
    newButton.disabled = true;
    restart(true, TEXTS.newConversation)
      .catch(function () {
        showProblem('start', TEXTS.startFailed);
      })
      .finally(function () {
        newButton.disabled = false;
      });
  });

  /** Messages of this conversation that did not reach the server. */
  function unsent(current) {
    var activities = current.store.getState().activities || [];
    return activities.filter(function (activity) {
      var status = activity.channelData && (activity.channelData['webchat:send-status'] || activity.channelData.state);
      return activity.from && activity.from.role === 'user' && activity.type === 'message' && (status === 'send failed' || status === 'sending');
    });
  }

  retryButton.addEventListener('click', function () {
    retryButton.disabled = true;
    say('Verbindung wird geprüft …');
    probe()
      .then(function (reachable) {
        if (!reachable) {
          showProblem(problem || 'offline', TEXTS.stillOffline);
          return;
        }
        // Retrying before the first conversation started means starting it.
        if (!config || !session) return boot();
        var current = session;
        var failed = unsent(current);
        return conversationAlive(current).then(function (alive) {
          if (current !== session) return;
          if (!alive) {
            // The server lost this conversation (for example after a restart): begin anew and send again.
            return restart(
              false,
              failed.length > 0 ? TEXTS.resent : TEXTS.restarted,
              failed.map(function (activity) {
                return activity.text;
              })
            );
          }
          failed.forEach(function (activity) {
            current.store.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY', meta: { method: 'code' }, payload: { activity: activity } });
          });
          clearProblem(failed.length > 0 ? TEXTS.resent : TEXTS.reconnected);
        });
      })
      .catch(function () {
        showProblem('start', TEXTS.startFailed);
      })
      .finally(function () {
        retryButton.disabled = false;
      });
  });

  // A quiet server check while the page is visible, so an outage shows before the next question.
  function heartbeat() {
    setTimeout(function () {
      if (document.visibilityState !== 'visible' || !session) return heartbeat();
      var current = session;
      probe()
        .then(function (reachable) {
          if (!reachable) {
            if (problem === null) showProblem('offline', TEXTS.offline);
            return;
          }
          if (problem !== 'offline' || unsent(current).length > 0) return;
          return conversationAlive(current).then(function (alive) {
            if (current !== session || problem !== 'offline') return;
            if (alive) clearProblem(TEXTS.reconnected);
            else showProblem('lost', TEXTS.conversationLost);
          });
        })
        .finally(heartbeat);
    }, HEARTBEAT_MS);
  }

  if (!window.WebChat) {
    showProblem('load', TEXTS.loadFailed);
    retryButton.hidden = true;
    return;
  }

  function boot() {
    session = undefined;
    return fetch('/api/webchat/config')
      .then(function (response) {
        if (!response.ok) throw new Error('config ' + response.status);
        return response.json();
      })
      .then(function (body) {
        config = body;
        return start();
      })
      .then(function () {
        clearProblem('');
      });
  }

  boot()
    .catch(function () {
      showProblem('start', TEXTS.startFailed);
    })
    .finally(heartbeat);
})();
