import * as vscode from 'vscode';
import { Session } from '../../core/session/session';
import { Services } from '../services';
import { SessionSubscriptions } from '../tree/sessionSubscriptions';
import { finishedText, NotificationGate, NotificationKind, NotificationText, permissionText } from './notificationPolicy';

/**
 * Notifies when a session whose chat is not visible needs a permission answer or finishes a turn
 * (`aicode.notifications.enabled`); the button opens that session's chat.
 */
export function registerNotifications(s: Services, isChatVisible: (sessionId: string) => boolean): vscode.Disposable[] {
  const gate = new NotificationGate();

  const notify = (session: Session, kind: NotificationKind, text: NotificationText | undefined) => {
    if (!text) return;
    const token = gate.tryOpen(session.id, kind, { enabled: s.settings.notificationsEnabled(), chatVisible: isChatVisible(session.id) });
    if (token === undefined) return;
    const shown = text.severity === 'warning' ? vscode.window.showWarningMessage(text.message, 'Show') : vscode.window.showInformationMessage(text.message, 'Show');
    void Promise.resolve(shown)
      .then(async (pick) => {
        gate.closed(session.id, token);
        if (pick && s.manager.get(session.id)) {
          s.active.set(session.id);
          await s.showChat(session.id);
        }
      })
      .catch((err: Error) => {
        gate.closed(session.id, token);
        s.logger.warn(`Notification: ${err.message}`);
      });
  };

  const subscriptions = new SessionSubscriptions<Session>(
    s.manager,
    (session, store) => {
      store.add(session.onPermissionRequest((request) => notify(session, 'permission', permissionText(session.info.title, request))));
      store.add(session.onPermissionSettled(() => {
        if (session.info.pendingPermissions === 0) gate.release(session.id, 'permission');
      }));
      store.add(session.onMessage((m) => {
        if (m.type === 'user' && m.aicode_prompt === true) gate.release(session.id, 'finished');
        // A result with prompts still queued is not the end: the next one goes out right away.
        if (m.type === 'result' && session.info.queue.length === 0) notify(session, 'finished', finishedText(session.info.title, m));
      }));
    },
    (id) => gate.forget(id),
  );
  return [subscriptions];
}
