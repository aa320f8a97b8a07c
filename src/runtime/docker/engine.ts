// The one Dockerode client of the controller, and a check that an engine answers.
// Under CI=true a missing engine is a failure of the run, never a skip.

import Docker from 'dockerode';
import { HostError } from '../../errors.js';

let client: Docker | undefined;

export function docker(): Docker {
  client ??= new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
  return client;
}

export async function engineVersion(): Promise<string | undefined> {
  try {
    const v = await docker().version();
    return v.Version;
  } catch {
    return undefined;
  }
}

export async function requireEngine(): Promise<string> {
  const v = await engineVersion();
  if (!v) {
    throw new HostError(
      'no Docker engine answers on /var/run/docker.sock. Start one (as root: dockerd &), ' +
        'or run through `npm start`, which starts it for you.',
    );
  }
  return v;
}
