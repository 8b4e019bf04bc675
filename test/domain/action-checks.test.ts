/**
 * An action is judged in two parts (workflows/validation.ts): who may act now (checkActor — what
 * the officials' page offers and a preview shows) and the request's own fields (checkFields).
 * checkAction, the workflow's validator, is both; the API's checks use the parts instead of
 * feeding dummy reasons and grants to the whole.
 */
import { checkAction, checkActor, checkFields } from '../../workflows/validation';
import { official, state } from '../helpers/case-state';

const receiver = official('SAIGON', ['RECEIVER']);
const approver = official('SAIGON', ['WARD_APPROVER']);

test('checkActor judges role, unit and stage without any of the fields', () => {
  expect(checkActor(state('VERIFICATION'), 'refuse', receiver)).toEqual({ kind: 'apply' });
  expect(checkActor(state('WARD_APPROVAL'), 'approve', approver)).toEqual({ kind: 'apply' });
  expect(checkActor(state('VERIFICATION'), 'approve', approver)).toMatchObject({
    kind: 'refuse',
    refusal: { type: 'WRONG_STAGE' },
  });
  expect(checkActor(state('VERIFICATION'), 'accept', approver)).toMatchObject({
    refusal: { type: 'FORBIDDEN' },
  });
  expect(checkActor(state('VERIFICATION'), undefined, receiver)).toMatchObject({
    refusal: { type: 'VALIDATION_FAILED' },
  });
});

test('checkFields: a reason and a grant are required, unless the caller says they come later', () => {
  const refuse = { action: 'refuse', actor: receiver } as const;
  const approve = { action: 'approve', actor: approver } as const;
  expect(checkFields(refuse)).toMatchObject({ refusal: { type: 'VALIDATION_FAILED' } });
  expect(checkFields(refuse, { required: false })).toEqual({ kind: 'apply' });
  expect(checkFields(approve)).toMatchObject({ refusal: { type: 'VALIDATION_FAILED' } });
  expect(checkFields(approve, { grant: false })).toEqual({ kind: 'apply' });
  // What is given is still judged, even when nothing is required.
  expect(checkFields({ ...refuse, reason: 'x'.repeat(5000) }, { required: false })).toMatchObject({
    refusal: { type: 'VALIDATION_FAILED' },
  });
});

test('checkAction is checkActor, then checkFields', () => {
  const s = state('WARD_APPROVAL');
  expect(checkAction(s, { action: 'approve', actor: approver })).toEqual(
    checkFields({ action: 'approve', actor: approver }),
  );
  expect(checkAction(s, { action: 'approve', actor: approver, signingGrant: 'g' })).toEqual({
    kind: 'apply',
  });
  expect(checkAction(s, { action: 'accept', actor: receiver, note: 'Đủ' })).toEqual(
    checkActor(s, 'accept', receiver),
  );
});
