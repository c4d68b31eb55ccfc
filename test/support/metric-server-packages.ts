// The metric servers the tests start come from Debian's packages, which a fresh machine lacks. Their absence is
// detected up front by the packages' files, never by waiting for a server that cannot start: a suite that needs a
// missing one is skipped with the command that installs it, except in CI, where it fails at once.
import { accessSync, constants } from 'node:fs'
import { before, describe, it } from 'node:test'

/** The files of each Debian package that the tests run or read. */
const METRIC_SERVER_PACKAGES = {
  'prometheus-pushgateway': ['/usr/bin/prometheus-pushgateway'],
  prometheus: ['/usr/bin/prometheus'],
  influxdb: ['/usr/bin/influxd', '/etc/influxdb/influxdb.conf'],
  'graphite-carbon': ['/usr/bin/carbon-cache'],
  'python3-whisper': ['/usr/bin/whisper-fetch'],
} as const satisfies Record<string, readonly string[]>

export type MetricServerPackage = keyof typeof METRIC_SERVER_PACKAGES

/** Installs every package above (and influxdb-client); `.ci/run` calls it too. */
const INSTALL_SCRIPT = 'scripts/install-test-dependencies.sh'

/** A metric server's package is not installed. */
export class MetricServerNotInstalledError extends Error {
  constructor(readonly packages: readonly MetricServerPackage[], note = '') {
    super(`needs the Debian package${packages.length > 1 ? 's' : ''} ${packages.join(', ')}, not installed ` +
      `(missing ${missingFiles(packages).join(', ')}); install with ${INSTALL_SCRIPT}${note}`)
  }
}

/**
 * Whether a missing metric server fails its tests instead of skipping them: in CI (CI set to any non-empty value, as
 * CI services and `.ci/run` do) or with SLUICE_REQUIRE_METRIC_SERVERS=1, so that CI never skips them silently.
 */
function areMetricServersRequired(): boolean {
  return (process.env['CI'] ?? '') !== '' || process.env['SLUICE_REQUIRE_METRIC_SERVERS'] === '1'
}

function missingPackages(packages: readonly MetricServerPackage[]): MetricServerPackage[] {
  return packages.filter((name) => missingFiles([name]).length > 0)
}

/** Throws MetricServerNotInstalledError at once if one of the packages is missing. */
export function assertMetricServersInstalled(...packages: readonly MetricServerPackage[]): void {
  const missing = missingPackages(packages)
  if (missing.length > 0) throw new MetricServerNotInstalledError(missing)
}

/**
 * describe() for a suite that starts the servers of these packages. If one is missing, the suite is skipped with a
 * message naming the packages and the install script; where the servers are required, it fails at once with it.
 */
export function describeWithMetricServers(name: string, packages: readonly MetricServerPackage[], suite: () => void): void {
  const missing = missingPackages(packages)
  if (missing.length === 0) {
    describe(name, suite)
  } else if (areMetricServersRequired()) {
    const notInstalled = new MetricServerNotInstalledError(missing, ' (CI or SLUICE_REQUIRE_METRIC_SERVERS=1 is set: these tests must run)')
    describe(name, () => {
      before(() => { throw notInstalled })
      suite()
    })
  } else {
    // one skipped test in place of the suite, which the summary counts (a skipped describe() counts as no test)
    it(name, { skip: `skipped: ${new MetricServerNotInstalledError(missing).message}` })
  }
}

function missingFiles(packages: readonly MetricServerPackage[]): string[] {
  return packages.flatMap((name) => METRIC_SERVER_PACKAGES[name]).filter((file) => !isInstalled(file))
}

function isInstalled(file: string): boolean {
  try {
    accessSync(file, file.startsWith('/usr/bin/') ? constants.X_OK : constants.R_OK)
    return true
  } catch {
    return false
  }
}
