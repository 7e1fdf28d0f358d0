/**
 * One socket.io connection to the hub for the logged-in user: same origin, `auth: { token }`. Server
 * events fold into DesktopState; commands go out with acknowledgements. The socket closes when the
 * component unmounts (logout, new session).
 */
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { io } from 'socket.io-client';
import { useTranslation } from 'react-i18next';
import type { DesktopCommands } from '../../api/commands.js';
import { sessionEndedReason, type Session, type SessionEndedReason } from '../../api/auth-client.js';
import { CommandNotAnswered, commandsFor, subscribe, type HubSocket } from '../../api/hub-protocol.js';
import type { ScreenPop } from '../../api/types.js';
import { labelOf } from '../../i18n/use-label.js';
import { desktopReducer, initialState, type DesktopState } from '../../state/desktop-state.js';
import { pickName } from '../../i18n/config-names.js';

export function useHub(session: Session, onSessionEnded: (reason: SessionEndedReason) => void): { state: DesktopState; commands: DesktopCommands } {
  const { t, i18n } = useTranslation();
  const [state, dispatch] = useReducer(desktopReducer, session.user, initialState);
  const socketRef = useRef<HubSocket | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const desksRef = useRef(state.desks);
  desksRef.current = state.desks;
  const endedRef = useRef(onSessionEnded);
  endedRef.current = onSessionEnded;

  useEffect(() => {
    const socket: HubSocket = io({ auth: { token: session.token }, transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    const announce = (pop: ScreenPop) =>
      tRef.current('offer.announce', {
        caller: pop.call.callerDisplayName || pop.call.callerNumber,
        language: labelOf(tRef.current, i18nRef.current, 'lang', pop.call.language),
        desk: pickName(desksRef.current.find((d) => d.id === pop.call.desk), i18nRef.current.language) ?? (pop.call.deskName || pop.call.desk),
      });
    const unsubscribe = subscribe(socket, dispatch, announce);
    socket.on('connect', () => dispatch({ type: 'connection', connection: 'connected' }));
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connectSoon = () => {
      if (retry !== undefined) return;
      retry = setTimeout(() => {
        retry = undefined;
        socket.connect();
      }, 1000 + Math.random() * 1000);
    };
    socket.on('disconnect', (reason) => {
      dispatch({ type: 'connection', connection: 'reconnecting' });
      // A bridge that shuts down (restart, take-over) closes its sockets itself, and socket.io does not
      // come back on its own after that: ask again. A session that really ended is refused at that
      // handshake with its reason, which sends the agent to the login form.
      if (reason === 'io server disconnect') connectSoon();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string; reason?: string } }) => {
      // A session that ended (expired, revoked, logged out) cannot come back by retrying: back to the
      // login page, which says why. Anything else — the bridge restarting, sessions not checkable for a
      // moment — is a reconnect, never a logout.
      if (err.data?.code === 'unauthorized') {
        socket.disconnect();
        endedRef.current(sessionEndedReason(err.data.reason));
        return;
      }
      dispatch({ type: 'connection', connection: 'reconnecting' });
      // socket.io does not retry a handshake its server middleware refused: ask again shortly.
      if (!socket.active) connectSoon();
    });
    socket.on('snapshot', (snap) => {
      // Older hubs leave the audit trail out of the snapshot: a lead asks for it.
      if (snap.user.role !== 'agent' && snap.audit === undefined)
        void commandsFor(socket)
          .audit({ limit: 50 })
          .then((page) => dispatch({ type: 'snapshot', now: Date.now(), data: { audit: page.entries } }))
          .catch(() => undefined);
    });
    socket.on('session-revoked', (p) => {
      socket.disconnect();
      endedRef.current(sessionEndedReason(p?.reason));
    });
    return () => {
      if (retry !== undefined) clearTimeout(retry);
      unsubscribe();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [session.token]);

  const commands = useMemo<DesktopCommands>(() => {
    // Commands resolve through whichever socket is current; none before the first connect.
    const lazy = new Proxy({} as DesktopCommands, {
      get: (_t, key: string) =>
        (...args: unknown[]) => {
          const s = socketRef.current;
          if (!s) return Promise.reject(new CommandNotAnswered('disconnected'));
          const fn = commandsFor(s)[key as keyof DesktopCommands] as (...a: unknown[]) => Promise<unknown>;
          return fn(...args);
        },
    });
    return lazy;
  }, []);

  return { state, commands };
}
