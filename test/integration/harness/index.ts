/** The integration-test harness: sandboxes, the real CLI, the process-leak checker, mocha helpers. */
export * from './sandbox';
export * from './processes';
export * from './claude';
export * from './mocha';
