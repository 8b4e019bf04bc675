/** Pure shared code: types, catalogue, stages, working-day calendar, dossier codes. */
export * from './types';
export * from './stages';
export * from './dossier-code';
export * from './national-portal';
export * from './catalogue';
export * from './calendar';
