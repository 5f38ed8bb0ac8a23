// Tests are written in TypeScript and run from the tsc output (npm test builds first).
export default {
  typescript: { rewritePaths: { 'test/': 'dist/test/' }, compile: false },
  files: ['test/**/*.test.ts'],
  timeout: '3m',
  concurrency: 2,
  workerThreads: false,
};
