// The parts Wegweiser adds to Web Chat's rendering of an answer: its sources with expandable
// passages and contact links (an attachment), and a light feedback control next to the time stamp.
// The bot sends what they need as channelData.wegweiser (bot/render/webChatAnswer.ts describes it).
//
// Web Chat's bundle carries its own React without exposing it, so these parts are built with the
// React UMD build served beside it (/webchat/react.js): React elements and class components only.
// Hooks would bind to the other React copy; elements and classes work with any renderer.
(function () {
  'use strict';
  var React = window.React;
  var h = React.createElement;

  var SOURCES_TYPE = 'application/vnd.wegweiser.sources+json';
  var FEEDBACK_EVENT = 'wegweiser/feedback';
  var FEEDBACK_STORED_EVENT = 'wegweiser/feedback-stored';
  /** Without a confirmation within this time, the control says the feedback did not arrive. */
  var FEEDBACK_CONFIRM_MS = 8000;

  var NEW_TAB = { de: ' (öffnet in neuem Tab)', en: ' (opens in a new tab)' };

  function answerOf(activity) {
    var data = activity && activity.channelData && activity.channelData.wegweiser;
    return data && data.version === 1 && typeof data.answerId === 'string' ? data : undefined;
  }

  /**
   * An answer from the bot becomes: its text without the Markdown source list (which other Direct
   * Line clients show), and a sources attachment rendered below.
   */
  function prepareIncoming(activity) {
    var answer = answerOf(activity);
    if (!answer || activity.type !== 'message') return activity;
    var parts = answer.sources.length > 0 || answer.contacts.length > 0 ? [{ contentType: SOURCES_TYPE, content: answer }] : [];
    return Object.assign({}, activity, { text: answer.text, attachments: parts.concat(activity.attachments || []) });
  }

  // --- Sources ------------------------------------------------------------------------------------

  function externalLink(href, label, lang, className) {
    return h(
      'a',
      { href: href, target: '_blank', rel: 'noopener', className: className },
      label,
      h('span', { className: 'ww-visually-hidden' }, NEW_TAB[lang] || NEW_TAB.de)
    );
  }

  function sourceItem(source, answer) {
    var texts = answer.texts;
    return h(
      'li',
      { key: source.marker, className: 'ww-source' },
      h('span', { className: 'ww-source__marker', 'aria-hidden': 'true' }, '[' + source.marker + ']'),
      h(
        'span',
        { className: 'ww-source__body' },
        externalLink(source.url, source.label, answer.language, 'ww-source__link'),
        source.snippet
          ? h(
              'details',
              { className: 'ww-source__passage' },
              h('summary', null, texts.showPassage),
              h('blockquote', null, source.snippet),
              source.viewerUrl ? h('p', null, externalLink(source.viewerUrl, texts.passageInViewer, answer.language)) : null
            )
          : null
      )
    );
  }

  function SourcesPanel(props) {
    var answer = props.answer;
    return h(
      'div',
      { className: 'ww-answer-parts', lang: answer.language === 'en' ? 'en' : 'de' },
      answer.sources.length > 0
        ? h(
            'div',
            { className: 'ww-sources' },
            h('p', { className: 'ww-sources__title', id: 'ww-sources-' + answer.answerId }, answer.texts.sourcesHeading),
            h(
              'ol',
              { className: 'ww-sources__list', 'aria-labelledby': 'ww-sources-' + answer.answerId },
              answer.sources.map(function (source) {
                return sourceItem(source, answer);
              })
            )
          )
        : null,
      answer.contacts.length > 0
        ? h(
            'p',
            { className: 'ww-contacts' },
            answer.contacts.map(function (contact) {
              return h('a', { key: contact.url, href: contact.url, className: 'ww-contact' }, contact.title);
            })
          )
        : null
    );
  }

  function sourcesForScreenReader(answer) {
    var parts = answer.sources.map(function (source) {
      return '[' + source.marker + '] ' + source.label + (source.snippet ? ': „' + source.snippet + '“' : '');
    });
    return answer.texts.sourcesHeading + ': ' + parts.join('; ');
  }

  // --- Feedback -----------------------------------------------------------------------------------

  // Feedback state per answer outlives the component, which Web Chat may mount again.
  var feedbackStates = new Map();
  var confirmations = new EventTarget();
  var dispatchToChat = function () {};

  function thumbIcon(direction) {
    // A thumb outline (24 × 24); the "down" thumb is the same shape turned over.
    return h(
      'svg',
      { viewBox: '0 0 24 24', width: 20, height: 20, 'aria-hidden': 'true', focusable: 'false', className: 'ww-thumb__icon' },
      h('path', {
        d: 'M7.5 10.5v9h-3v-9h3zm2.5 9v-9l3.8-6.3c.3-.5.8-.7 1.4-.7 1 0 1.8.9 1.6 1.9L16.2 9.5h3.6c1.3 0 2.2 1.2 1.9 2.4l-1.6 6.2c-.3 1-1.1 1.4-2 1.4H10z',
        fill: 'none',
        stroke: 'currentColor',
        strokeWidth: 1.6,
        strokeLinejoin: 'round',
        transform: direction === 'down' ? 'rotate(180 12 12)' : undefined
      })
    );
  }

  class FeedbackControl extends React.Component {
    constructor(props) {
      super(props);
      this.state = feedbackStates.get(props.answer.answerId) || { rating: null, phase: 'idle', comment: '' };
      this.commentRef = React.createRef();
      this.downRef = React.createRef();
      this.onStored = this.onStored.bind(this);
      this.submitComment = this.submitComment.bind(this);
      this.cancel = this.cancel.bind(this);
    }

    componentDidMount() {
      confirmations.addEventListener(this.props.answer.answerId, this.onStored);
    }

    componentWillUnmount() {
      confirmations.removeEventListener(this.props.answer.answerId, this.onStored);
      clearTimeout(this.timer);
    }

    componentDidUpdate(_props, previous) {
      if (this.state.phase === 'comment' && previous.phase !== 'comment' && this.commentRef.current) this.commentRef.current.focus();
    }

    update(next) {
      var state = Object.assign({}, this.state, next);
      feedbackStates.set(this.props.answer.answerId, state);
      this.setState(next);
    }

    onStored() {
      clearTimeout(this.timer);
      if (this.state.phase === 'sending') this.update({ phase: 'stored' });
    }

    send(rating, comment) {
      var value = { answerId: this.props.answer.answerId, rating: rating };
      if (comment) value.comment = comment;
      this.update({ rating: rating, phase: 'sending' });
      dispatchToChat({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: FEEDBACK_EVENT, value: value } });
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () {
        if (self.state.phase === 'sending') self.update({ phase: 'failed' });
      }, FEEDBACK_CONFIRM_MS);
    }

    choose(rating) {
      if (this.state.rating === rating && (this.state.phase === 'stored' || this.state.phase === 'sending')) return;
      // Thumbs up is sent at once; thumbs down first offers the optional comment.
      if (rating === 'up') this.send('up');
      else this.update({ rating: 'down', phase: 'comment' });
    }

    submitComment(event) {
      event.preventDefault();
      this.send('down', this.state.comment.trim());
    }

    cancel() {
      this.update({ rating: null, phase: 'idle', comment: '' });
      if (this.downRef.current) this.downRef.current.focus();
    }

    render() {
      var answer = this.props.answer;
      var texts = answer.texts;
      var state = this.state;
      var self = this;
      var formId = 'ww-comment-' + answer.answerId;
      function thumb(rating, label, ref) {
        return h(
          'button',
          {
            type: 'button',
            className: 'ww-thumb',
            ref: ref,
            'aria-pressed': state.rating === rating ? 'true' : 'false',
            'aria-label': label,
            title: label,
            onClick: function () {
              self.choose(rating);
            }
          },
          thumbIcon(rating)
        );
      }
      var message = state.phase === 'stored' ? texts.feedbackThanks : state.phase === 'failed' ? texts.feedbackFailed : '';
      return h(
        'div',
        { className: 'ww-feedback', lang: answer.language === 'en' ? 'en' : 'de' },
        h(
          'span',
          { className: 'ww-feedback__buttons', role: 'group', 'aria-label': texts.feedbackPrompt },
          thumb('up', texts.feedbackUp),
          thumb('down', texts.feedbackDown, this.downRef)
        ),
        h('span', { className: 'ww-feedback__status' + (state.phase === 'failed' ? ' ww-feedback__status--failed' : ''), role: 'status' }, message),
        state.phase === 'comment'
          ? h(
              'form',
              { className: 'ww-feedback__form', onSubmit: this.submitComment },
              h('label', { htmlFor: formId }, texts.feedbackCommentLabel),
              h('textarea', {
                id: formId,
                ref: this.commentRef,
                rows: 2,
                maxLength: 1000,
                value: state.comment,
                onChange: function (event) {
                  self.update({ comment: event.target.value });
                }
              }),
              h(
                'span',
                { className: 'ww-feedback__actions' },
                h('button', { type: 'submit', className: 'ww-button' }, texts.feedbackSend),
                h('button', { type: 'button', className: 'ww-button ww-button--secondary', onClick: this.cancel }, texts.feedbackCancel)
              )
            )
          : null
      );
    }
  }

  // --- Middleware for renderWebChat ----------------------------------------------------------------

  window.Wegweiser = window.Wegweiser || {};
  window.Wegweiser.answerParts = {
    /** Lets the feedback control post through the current Web Chat store. */
    useDispatch: function (dispatch) {
      dispatchToChat = dispatch;
    },
    prepareIncoming: prepareIncoming,
    /** Called for every incoming activity: confirms stored feedback. */
    observeIncoming: function (activity) {
      if (activity && activity.type === 'event' && activity.name === FEEDBACK_STORED_EVENT && activity.value && typeof activity.value.answerId === 'string') {
        confirmations.dispatchEvent(new Event(activity.value.answerId));
      }
    },
    attachmentMiddleware: function () {
      return function (next) {
        return function (args) {
          var attachment = args && args.attachment;
          if (attachment && attachment.contentType === SOURCES_TYPE) return h(SourcesPanel, { answer: attachment.content });
          return next(args);
        };
      };
    },
    attachmentForScreenReaderMiddleware: function () {
      return function (next) {
        return function () {
          var args = arguments;
          var attachment = args[0] && args[0].attachment;
          if (attachment && attachment.contentType === SOURCES_TYPE) {
            return function () {
              return h('p', null, sourcesForScreenReader(attachment.content));
            };
          }
          return next.apply(null, args);
        };
      };
    },
    activityStatusMiddleware: function () {
      return function (next) {
        return function (args) {
          var answer = answerOf(args && args.activity);
          var status = next(args);
          if (!answer) return status;
          return h(React.Fragment, null, status, h(FeedbackControl, { key: answer.answerId, answer: answer }));
        };
      };
    }
  };
})();
