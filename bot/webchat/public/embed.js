// Wegweiser embed: <script src="https://bot.example/embed.js" async></script>
// Adds a floating button that opens the Wegweiser chat in a panel (an iframe of /?embed=1).
(function () {
  'use strict';
  if (window.__wegweiserEmbed) return;
  window.__wegweiserEmbed = true;

  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : window.location.origin;

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Wegweiser fragen';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'wegweiser-panel');
  button.style.cssText =
    'position:fixed;right:1rem;bottom:1rem;z-index:2147483000;padding:0.75rem 1.25rem;border:0;border-radius:2rem;' +
    'background:#00468c;color:#fff;font:600 1rem/1.2 system-ui,sans-serif;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)';

  var panel = document.createElement('div');
  panel.id = 'wegweiser-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Wegweiser-Chat');
  panel.style.cssText =
    'position:fixed;right:1rem;bottom:4.5rem;z-index:2147483000;width:min(26rem,calc(100vw - 2rem));height:min(38rem,calc(100vh - 6rem));' +
    'background:#fff;border:1px solid #8a8a8a;border-radius:0.5rem;box-shadow:0 4px 16px rgba(0,0,0,.3);overflow:hidden;display:none;flex-direction:column';

  var bar = document.createElement('div');
  bar.style.cssText = 'display:flex;justify-content:space-between;align-items:center;padding:0.25rem 0.5rem;background:#00468c;color:#fff;font:600 1rem system-ui,sans-serif';
  var title = document.createElement('span');
  title.textContent = 'Wegweiser';
  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Chat schließen');
  close.style.cssText = 'border:0;background:transparent;color:#fff;font-size:1.5rem;line-height:1;cursor:pointer;padding:0.25rem 0.5rem';
  bar.appendChild(title);
  bar.appendChild(close);

  var frame = null;
  var isOpen = false;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/?embed=1';
      frame.title = 'Wegweiser-Chat';
      frame.style.cssText = 'flex:1;border:0;width:100%';
      panel.appendChild(frame);
    }
    panel.style.display = 'flex';
    isOpen = true;
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.style.display = 'none';
    isOpen = false;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  button.addEventListener('click', function () {
    if (!isOpen) open();
    else hide();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') hide();
  });
  // Escape pressed inside the chat frame arrives as a message from the chat's origin.
  window.addEventListener('message', function (event) {
    if (event.origin === origin && event.data && event.data.type === 'wegweiser:close' && isOpen) hide();
  });

  panel.appendChild(bar);
  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
