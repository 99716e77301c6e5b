import { runHelloDemo } from './hello-demo';

runHelloDemo((line) => console.log(line)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
