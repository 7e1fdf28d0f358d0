/**
 * A browser-like DOM for component tests (mocha + @testing-library/react + global-jsdom).
 *
 * The whole repository's tests share one mocha process, so the DOM globals must not leak into the
 * server tests: `useDom()` installs them before a component suite and removes them after it.
 * react-dom and antd read `window` once when they load, so they are loaded here, synchronously, while
 * a DOM exists; later imports of them hit the module cache.
 */
import globalJsdom from 'global-jsdom';
import { createRequire } from 'node:module';

process.env.RTL_SKIP_AUTO_CLEANUP = 'true'; // we clean up per suite, not with a root-level hook

let cleanup: (() => void) | undefined;

/** What antd needs and jsdom lacks. */
function polyfill(win: Window & typeof globalThis): void {
  win.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof win.matchMedia;
  const g = globalThis as Record<string, unknown>;
  g.matchMedia = win.matchMedia;
  class NoopResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  (win as unknown as Record<string, unknown>).ResizeObserver ??= NoopResizeObserver;
  g.ResizeObserver = (win as unknown as Record<string, unknown>).ResizeObserver;
  // jsdom throws "Not implemented" for pseudo-elements (antd measures the scrollbar through one).
  const original = win.getComputedStyle.bind(win);
  win.getComputedStyle = ((el: Element) => original(el)) as typeof win.getComputedStyle;
  g.getComputedStyle = win.getComputedStyle;
  g.IS_REACT_ACT_ENVIRONMENT = true;
}

export function installDom(): void {
  if (cleanup) return;
  const remove = globalJsdom(undefined, { url: 'http://127.0.0.1/', pretendToBeVisual: true });
  polyfill(globalThis.window);
  cleanup = () => {
    const g = globalThis as Record<string, unknown>;
    const jsdom = g.$jsdom as { window: { close(): void } } | undefined;
    remove();
    jsdom?.window.close();
    for (const k of ['matchMedia', 'ResizeObserver', 'getComputedStyle', 'IS_REACT_ACT_ENVIRONMENT']) delete g[k];
  };
}

export function removeDom(): void {
  cleanup?.();
  cleanup = undefined;
}

installDom();
const require = createRequire(import.meta.url);
for (const m of ['react-dom', 'react-dom/client', '@testing-library/react', 'antd']) require(m);
removeDom();

/** Call inside a describe(): a DOM for that suite only, and every render unmounted after each test. */
export function useDom(): void {
  before(installDom);
  // Unmount in the same microtask the test body ends in: between a test and its afterEach hook mocha
  // yields to the event loop, where a ticking clock (talk timer, ring countdown) would update a
  // still-mounted component outside act(...) and React would warn.
  const unmountAll = () => (require('@testing-library/react') as typeof import('@testing-library/react')).cleanup();
  beforeEach(function () {
    const test = this.currentTest as (Mocha.Test & { fn: Mocha.Func | Mocha.AsyncFunc }) | undefined;
    const body = test?.fn;
    if (!test || !body || body.length > 0) return; // callback-style tests keep the afterEach below
    test.fn = async function (this: Mocha.Context) {
      try {
        return await (body as Mocha.AsyncFunc).call(this);
      } finally {
        unmountAll();
      }
    };
  });
  afterEach(unmountAll);
  after(removeDom);
}
