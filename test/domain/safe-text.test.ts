/**
 * One rule for free text and names at every door text comes in by (issue 10, rows 7 and 10): the
 * HTTP contract's schemas, the checks of a case started by hand with the Temporal CLI
 * (loadCaseContext) and the workflow's own validators refuse bidirectional controls and
 * look-alike names alike; an official of another unit is refused before the stage is judged.
 */
import { loadCaseContext } from '../../activities/case-context';
import { fullName, note } from '../../contract/fields';
import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';
import { PERSON_NAME, unsafeText } from '../../domain/safe-text';
import { official, state } from '../helpers/case-state';
import {
  checkAction,
  checkReassign,
  checkSupplement,
  checkWithdraw,
} from '../../workflows/validation';

const RLO = '\u202e';
const LOOK_ALIKES = [
  'Nguyễn V\u0430n Bình',
  'Ｎguyễn Văn Bình',
  'Иван Петров',
  'Nguyễn \u202eBình',
];

describe('the rule itself', () => {
  test('bidirectional and control characters are unsafe; line breaks only in multi-line text', () => {
    for (const c of [
      '\u202e',
      '\u202a',
      '\u2066',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
      '\u0007',
    ])
      expect([c.codePointAt(0), unsafeText(`a${c}b`, true)]).toEqual([c.codePointAt(0), true]);
    expect(unsafeText('dòng 1\ndòng 2', true)).toBe(false);
    expect(unsafeText('dòng 1\ndòng 2')).toBe(true);
    expect(unsafeText('Hồ sơ đầy đủ, đúng quy định.')).toBe(false);
  });

  test('names: Vietnamese letters pass, other scripts and look-alikes do not', () => {
    for (const name of ['Nguyễn Văn Bình', 'Đặng Thị Ánh', "H'Hen Niê", 'Lê Văn A.'])
      expect([name, PERSON_NAME.test(name)]).toEqual([name, true]);
    for (const name of LOOK_ALIKES) expect([name, PERSON_NAME.test(name)]).toEqual([name, false]);
  });

  test('the contract applies it (the same regex objects)', () => {
    expect(note.safeParse(`Đã kiểm tra ${RLO}fdp.exe`).success).toBe(false);
    for (const name of LOOK_ALIKES) expect(fullName.safeParse(name).success).toBe(false);
  });
});

describe('a case started by hand (Temporal CLI) meets the same rules', () => {
  const example = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === '1.001612.000.00.00.H29')!;
  const start = (applicant: unknown, form: unknown = example.form): Promise<unknown> =>
    loadCaseContext({
      procedureCode: example.procedureCode,
      wardCode: example.wardCode,
      applicant,
      form,
    });

  test('a look-alike name is refused, naming the field', async () => {
    for (const name of LOOK_ALIKES) {
      await expect(start({ ...example.applicant, fullName: name })).rejects.toMatchObject({
        type: 'VALIDATION_FAILED',
        message: expect.stringContaining('applicant.fullName') as unknown,
      });
    }
  });

  test('a bidi control in the address or anywhere in the form is refused', async () => {
    await expect(start({ ...example.applicant, address: `5 Lê Lợi ${RLO}` })).rejects.toMatchObject(
      { message: expect.stringContaining('applicant.address') as unknown },
    );
    const form = JSON.parse(JSON.stringify(example.form)) as { business: { name: string } };
    form.business.name = `Hộ kinh doanh ${RLO}iaM êhp àC`;
    await expect(start(example.applicant, form)).rejects.toMatchObject({
      message: expect.stringContaining('form.business.name') as unknown,
    });
  });

  test('the example itself is accepted', async () => {
    await expect(start(example.applicant)).resolves.toMatchObject({
      ward: { code: example.wardCode },
    });
  });
});

describe("the workflow's validators (Updates sent with the Temporal CLI)", () => {
  const receiver = official('SAIGON', ['RECEIVER']);

  test('a bidi control in a note, a reason or a missing document is refused', () => {
    const s = state('VERIFICATION');
    const refusals = [
      checkAction(s, { action: 'accept', actor: receiver, note: `x${RLO}` }),
      checkAction(s, { action: 'refuse', actor: receiver, reason: `lý do ${RLO}` }),
      checkAction(s, {
        action: 'request_supplement',
        actor: receiver,
        missingDocuments: ['Bản vẽ', `Sơ đồ ${RLO}`],
      }),
    ];
    for (const r of refusals) {
      expect(r).toMatchObject({ kind: 'refuse', refusal: { type: 'VALIDATION_FAILED' } });
    }
    expect(checkAction(s, { action: 'accept', actor: receiver, note: 'Đủ.\nĐúng.' })).toEqual({
      kind: 'apply',
    });
    expect(checkWithdraw(s, { reason: `Nộp nhầm ${RLO}` })).toMatchObject({
      type: 'VALIDATION_FAILED',
    });
    expect(checkSupplement(state('SUPPLEMENT_REQUESTED'), { note: `${RLO}` })).toMatchObject({
      type: 'VALIDATION_FAILED',
    });
    const supervisor = official('CITY', ['SUPERVISOR']);
    expect(
      checkReassign(s, { actor: supervisor, to: receiver, note: `Giao ${RLO}` }),
    ).toMatchObject({ type: 'VALIDATION_FAILED' });
  });

  test('an official of an unrelated unit is FORBIDDEN whatever the stage (no stage revealed)', () => {
    const stranger = official('BENTHANH', ['RECEIVER']);
    const strangerApprover = official('STC', ['DEPARTMENT_APPROVER']);
    for (const stage of ['VERIFICATION', 'WARD_APPROVAL', 'RESULT_READY', 'COMPLETED'] as const) {
      for (const [actor, action] of [
        [stranger, 'accept'],
        [stranger, 'handover'],
        [strangerApprover, 'approve'],
      ] as const) {
        const verdict = checkAction(state(stage), { action, actor, signingGrant: 'g' });
        expect([stage, action, verdict]).toMatchObject([
          stage,
          action,
          { kind: 'refuse', refusal: { type: 'FORBIDDEN' } },
        ]);
        if (verdict.kind === 'refuse') expect(verdict.refusal.message).not.toContain(stage);
      }
    }
    // An official of the case's own units still hears about the stage.
    expect(
      checkAction(state('WARD_APPROVAL'), { action: 'accept', actor: receiver }),
    ).toMatchObject({ kind: 'refuse', refusal: { type: 'WRONG_STAGE' } });
  });
});
