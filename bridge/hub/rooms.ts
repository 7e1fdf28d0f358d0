/** socket.io room names the hub uses (one place, so fan-out and joins agree). */
export const LEADS_ROOM = 'leads';
export const seatRoom = (seatId: string): string => `seat:${seatId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
