/**
 * Every kind of broken configuration stops the bridge with a message naming the file, the path inside
 * it and the reason — never a bare stack trace. Each case writes a small centre into a temp folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatConfigError, loadConfig, resolveConfigPath, DEFAULT_CONFIG_PATH } from '../../../bridge/config/load-config.js';

const BASE = `
languages:
  - { code: zh, name: 普通话, nativeName: 普通话 }
  - { code: kk, name: 哈萨克语, nativeName: Қазақша }
desks:
  - { id: general, name: 综合坐席 }
  - { id: social-security, name: 社保专席 }
numberPlan:
  - { did: "12345", label: 12345 热线 }
  - { did: "12333", label: 12333 人社, desk: social-security }
seatsFile: seats.yaml
`;
const SEATS = `
seats:
  - { id: S01, name: 张敏, languages: [zh], desks: [general], officeContact: "sip:1001@127.0.0.1:5070" }
  - { id: S02, name: 叶尔兰, languages: [zh, kk], desks: [social-security], officeContact: "sip:1002@127.0.0.1:5070" }
`;

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-cfg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(centre: string, seats: string | null = SEATS): string {
    const file = join(dir, 'centre.yaml');
    writeFileSync(file, centre);
    if (seats !== null) writeFileSync(join(dir, 'seats.yaml'), seats);
    return file;
  }

  /** The ConfigError's problem lines (throws if loading succeeds or fails some other way). */
  function problems(file: string, env: Record<string, string> = {}): string[] {
    try {
      loadConfig(file, env);
    } catch (err) {
      assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
      return err.message.split('\n');
    }
    assert.fail('the configuration was accepted');
  }

  it('rejects a misspelt key instead of silently ignoring it', () => {
    const file = write(BASE.replace('{ id: general, name: 综合坐席 }', '{ id: general, name: 综合坐席, ringTimeout: 20 }'));
    const lines = problems(file);
    assert.ok(lines.some((l) => /centre\.yaml: desks\[0\]/.test(l) && /ringTimeout/.test(l)), lines.join('\n'));
  });

  it('loads a valid centre, merging seats from the seats file relative to the config file', () => {
    const cfg = loadConfig(write(BASE), {});
    assert.deepEqual(cfg.seats.map((s) => s.id), ['S01', 'S02']);
    assert.equal(cfg.desks[0]!.strategy, 'longest-idle'); // defaults applied
    assert.equal(cfg.server.port, 8080);
  });

  it('keeps inline seats first and appends the seats file', () => {
    const inline = BASE + 'seats:\n  - { id: S00, name: 值班, languages: [zh], desks: [general], officeContact: "1001" }\n';
    assert.deepEqual(loadConfig(write(inline), {}).seats.map((s) => s.id), ['S00', 'S01', 'S02']);
  });

  it('accepts a seats file that is a bare list', () => {
    const list = '- { id: S09, name: 李娜, languages: [zh], desks: [general], officeContact: "sip:1009@127.0.0.1" }\n';
    assert.deepEqual(loadConfig(write(BASE, list), {}).seats.map((s) => s.id), ['S09']);
  });

  it('bad enum: names the file, the dotted path, the reason and the line', () => {
    const lines = problems(write(BASE.replace('{ id: social-security, name: 社保专席 }', '{ id: social-security, name: 社保专席, strategy: fastest-first }')));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /centre\.yaml: desks\[1\]\.strategy: Invalid enum value\. Expected 'longest-idle' \| .*received 'fastest-first' \(line 7, column \d+\)/);
  });

  it('unknown desk reference in the number plan', () => {
    const lines = problems(write(BASE.replace('desk: social-security }', 'desk: pensions }')));
    assert.match(lines.join('\n'), /centre\.yaml: numberPlan\[1\]\.desk: unknown desk "pensions" \(line 10/);
  });

  it('unknown desk reference in a seat is reported against the seats file', () => {
    const lines = problems(write(BASE, SEATS.replace('desks: [social-security]', 'desks: [social-security, tourism]')));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /seats\.yaml: seats\[1\]\.desks\[1\]: unknown desk "tourism" \(line 4/);
    assert.doesNotMatch(lines[0]!, /centre\.yaml/);
  });

  it('duplicate ids: desks and seats', () => {
    const dupDesk = BASE.replace('{ id: social-security, name: 社保专席 }', '{ id: general, name: 综合二 }').replace('desk: social-security }', 'desk: general }');
    assert.match(problems(write(dupDesk)).join('\n'), /centre\.yaml: desks\[1\]\.id: duplicate desk id "general"/);
    const dupSeat = SEATS.replace('id: S02', 'id: S01').replace('desks: [social-security]', 'desks: [general]');
    assert.match(problems(write(BASE, dupSeat)).join('\n'), /seats\.yaml: seats\[1\]\.id: duplicate seat id "S01"/);
  });

  it('bad DID and duplicate DID', () => {
    const bad = problems(write(BASE.replace('did: "12333"', 'did: "12-333"')));
    assert.match(bad.join('\n'), /centre\.yaml: numberPlan\[1\]\.did: expected digits \(optionally a leading \+\)/);
    const dup = problems(write(BASE.replace('did: "12333"', 'did: "12345"')));
    assert.match(dup.join('\n'), /centre\.yaml: numberPlan\[1\]\.did: duplicate DID "12345"/);
  });

  it('a DID in the lab mix that is not in the number plan', () => {
    const lines = problems(write(BASE + 'telephony:\n  lab:\n    didMix: { "12345": 5, "12399": 1 }\n'));
    assert.match(lines.join('\n'), /centre\.yaml: telephony\.lab\.didMix\["12399"\]: DID "12399" is not in numberPlan/);
  });

  describe('cross-checks', () => {
    const lab = (body: string) => BASE + `telephony:\n  lab:\n${body}`;

    for (const key of ['patienceSeconds', 'talkSeconds', 'seatAnswerDelayMs']) {
      it(`${key}: min above max names telephony.lab.${key}.min and both values`, () => {
        const lines = problems(write(lab(`    ${key}: { min: 300, max: 20 }\n`)));
        assert.ok(lines.some((l) => l.includes(`centre.yaml: telephony.lab.${key}.min: min (300) is greater than max (20)`)), lines.join('\n'));
      });
    }

    it('min equal to max is a valid range', () => {
      const cfg = loadConfig(write(lab('    patienceSeconds: { min: 60, max: 60 }\n')), {});
      assert.deepEqual(cfg.telephony.lab.patienceSeconds, { min: 60, max: 60 });
    });

    it('service level: a shift start that is not HH:MM, a target above 100 %, a misspelt key', () => {
      const lines = problems(write(BASE + 'serviceLevel: { shiftStarts: ["8:00"], targets: { connected: 95 }, answerWithin: 15 }\n'));
      assert.ok(lines.some((l) => /serviceLevel\.shiftStarts\[0\]: expected HH:MM/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /serviceLevel\.targets\.connected/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /serviceLevel/.test(l) && /answerWithin/.test(l)), lines.join('\n'));
    });

    it('service level defaults: 15 s, short abandons under 5 s, 95 % connected, 15-minute window', () => {
      const cfg = loadConfig(write(BASE), {});
      assert.deepEqual(
        [cfg.serviceLevel.answerWithinSeconds, cfg.serviceLevel.shortAbandonSeconds, cfg.serviceLevel.targets.connected, cfg.serviceLevel.windowMinutes],
        [15, 5, 0.95, 15],
      );
    });

    it('the urge threshold above the supervise threshold', () => {
      const lines = problems(write(BASE + 'history: { dissatisfiedUrge: 5, dissatisfiedSupervise: 3 }\n'));
      assert.ok(lines.some((l) => /history\.dissatisfiedUrge: urge threshold \(5\) is greater than the supervise threshold \(3\)/.test(l)), lines.join('\n'));
    });

    it('a duplicate language code names the second entry', () => {
      const lines = problems(write(BASE.replace('  - { code: kk, name: 哈萨克语, nativeName: Қазақша }', '  - { code: kk, name: 哈萨克语, nativeName: Қазақша }\n  - { code: zh, name: 汉语, nativeName: 汉语 }')));
      assert.ok(lines.some((l) => /centre\.yaml: languages\[2\]\.code: duplicate language code "zh" \(line \d+/.test(l)), lines.join('\n'));
    });

    it('an id used both as a seat and a user says so at users[i].id', () => {
      const lines = problems(write(BASE + 'users:\n  - { id: lead1, name: 王丽, role: lead }\n  - { id: S02, name: 叶尔兰组长, role: lead }\n'));
      assert.ok(lines.some((l) => /centre\.yaml: users\[1\]\.id: "S02" is already a seat id; a user id must differ from every seat id/.test(l)), lines.join('\n'));
    });

    it('a duplicate user id', () => {
      const lines = problems(write(BASE + 'users:\n  - { id: lead1, name: 王丽, role: lead }\n  - { id: lead1, name: 李强, role: admin }\n'));
      assert.ok(lines.some((l) => /users\[1\]\.id: duplicate user id "lead1"/.test(l)), lines.join('\n'));
    });
  });

  it('YAML syntax error: file, line and column', () => {
    const lines = problems(write(BASE.replace('  - { id: general, name: 综合坐席 }', '  - { id: general, name: 综合坐席')));
    assert.ok(lines.length >= 1);
    assert.match(lines[0]!, /centre\.yaml: YAML syntax error: .+ \(line \d+, column \d+\)/);
  });

  it('duplicate YAML keys are a syntax error, not a silent override', () => {
    const lines = problems(write(BASE + 'defaultDesk: general\ndefaultDesk: social-security\n'));
    assert.match(lines.join('\n'), /YAML syntax error: Map keys must be unique \(line \d+/);
  });

  it('missing seatsFile: named at the seatsFile key with the resolved path', () => {
    const lines = problems(write(BASE, null));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /centre\.yaml: seatsFile: cannot read .*seats\.yaml: no such file/);
  });

  it('a syntax error in the seats file names the seats file', () => {
    const lines = problems(write(BASE, 'seats:\n  - { id: S01, name: [\n'));
    assert.match(lines[0]!, /seats\.yaml: YAML syntax error/);
  });

  it('a seats file that is not a list', () => {
    assert.match(problems(write(BASE, 'seats: 12\n'))[0]!, /seats\.yaml: seats: expected a list of seats/);
  });

  it('wrong type from the environment: PORT=abc names the variable', () => {
    const lines = problems(write(BASE), { PORT: 'abc' });
    assert.deepEqual(lines.length, 1);
    assert.match(lines[0]!, /centre\.yaml: server\.port: Expected number, received string \(from environment PORT="abc"\)/);
  });

  it('never echoes a secret from the environment', () => {
    const lines = problems(write(BASE), { TELEPHONY_MODE: 'sip-trunk', DRACHTIO_SECRET: 's3cr3t', DRACHTIO_PORT: '99999' });
    const text = lines.join('\n');
    assert.match(text, /telephony\.mode: Invalid enum value.*\(from environment TELEPHONY_MODE="sip-trunk"\)/);
    assert.match(text, /telephony\.drachtio\.port: .*\(from environment DRACHTIO_PORT="99999"\)/);
    assert.doesNotMatch(text, /s3cr3t/);
  });

  it('lists every problem, one per line', () => {
    const broken = BASE.replace('{ id: general, name: 综合坐席 }', '{ id: General, name: "" }');
    const lines = problems(write(broken));
    assert.ok(lines.length >= 3, lines.join('\n'));
    assert.ok(lines.every((l) => /^.*(centre|seats)\.yaml: \S+: /.test(l)), lines.join('\n'));
    // A value the file does not contain (the default desk) gets no misleading line number.
    assert.ok(lines.some((l) => /centre\.yaml: defaultDesk: unknown desk "general"$/.test(l)), lines.join('\n'));
  });

  it('a missing required section says so', () => {
    const lines = problems(write(BASE.replace(/numberPlan:[\s\S]*?seatsFile/, 'seatsFile')));
    assert.match(lines.join('\n'), /centre\.yaml: numberPlan: Required \(array missing\)/);
  });

  it('a file that is not a mapping', () => {
    assert.match(problems(write('- just\n- a list\n'))[0]!, /centre\.yaml: the configuration must be a YAML mapping/);
  });

  it('a missing configuration file', () => {
    assert.match(problems(join(dir, 'nope.yaml'))[0]!, /nope\.yaml: cannot read the configuration file: no such file/);
  });

  it('formatConfigError prints a header and the problems, no stack; other errors are not its business', () => {
    let err: unknown;
    try {
      loadConfig(write(BASE), { PORT: '-1' });
    } catch (e) {
      err = e;
    }
    const text = formatConfigError(err)!;
    assert.match(text, /^Invalid configuration \(1 problem\); the bridge did not start:\n {2}.*centre\.yaml: server\.port: /);
    assert.doesNotMatch(text, /\n\s+at /);
    assert.equal(formatConfigError(new Error('boom')), undefined);
  });

  it('picks the file: argument, then HOTLINE_CONFIG, then config/default.yaml', () => {
    const file = write(BASE);
    assert.equal(resolveConfigPath('/x/given.yaml', { HOTLINE_CONFIG: file }), '/x/given.yaml');
    assert.equal(resolveConfigPath(undefined, { HOTLINE_CONFIG: file }), file);
    assert.equal(resolveConfigPath(undefined, { HOTLINE_CONFIG: '  ' }), DEFAULT_CONFIG_PATH);
    assert.equal(loadConfig(undefined, { HOTLINE_CONFIG: file }).desks.length, 2);
  });
});
