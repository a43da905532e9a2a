// Starts Bot Framework Web Chat on the page: over the built-in Direct Line endpoint of this server,
// or over Azure Direct Line with a token the server obtained (the secret stays on the server).
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

  var status = document.getElementById('status');
  var chat = document.getElementById('chat');

  function fail(message) {
    status.textContent = message;
    status.classList.add('error');
  }

  function postJson(url) {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(function (response) {
      if (!response.ok) throw new Error(url + ' answered ' + response.status);
      return response.json();
    });
  }

  function connect(config) {
    if (config.mode === 'azure') {
      return postJson('/api/directline/token').then(function (body) {
        return window.WebChat.createDirectLine({ token: body.token, domain: config.domain });
      });
    }
    var domain = window.location.origin + '/v3/directline';
    return postJson(domain + '/tokens/generate').then(function (body) {
      return window.WebChat.createDirectLine({ domain: domain, token: body.token, webSocket: false, pollingInterval: 700 });
    });
  }

  if (!window.WebChat) {
    fail('Der Chat konnte nicht geladen werden. Bitte laden Sie die Seite neu.');
    return;
  }

  fetch('/api/webchat/config')
    .then(function (response) {
      if (!response.ok) throw new Error('config ' + response.status);
      return response.json();
    })
    .then(function (config) {
      return connect(config).then(function (directLine) {
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            locale: 'de-DE',
            styleOptions: {
              accent: '#00468c',
              hideUploadButton: true,
              botAvatarInitials: 'WW',
              userAvatarInitials: 'Sie',
              bubbleBackground: '#f1f4f8',
              bubbleFromUserBackground: '#e3ecf7',
              suggestedActionLayout: 'flow',
              sendBoxTextWrap: true,
              timestampColor: '#4a4a4a',
              subtle: '#4a4a4a'
            }
          },
          chat
        );
        status.textContent = '';
      });
    })
    .catch(function () {
      fail('Die Verbindung zum Wegweiser ist fehlgeschlagen. Bitte versuchen Sie es später erneut.');
    });
})();
