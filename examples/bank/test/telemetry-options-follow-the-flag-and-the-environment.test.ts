import { telemetryOptionsFrom } from '../src/telemetry/register-telemetry';

describe('what the bank registers for telemetry', () => {
  it('nothing without --trace or an OTLP endpoint', () => {
    expect(telemetryOptionsFrom([], {}, 'factum-bank')).toEqual({ console: false, serviceName: 'factum-bank' });
  });

  it('the console with --trace, OTLP with OTEL_EXPORTER_OTLP_ENDPOINT, both at once', () => {
    const options = telemetryOptionsFrom(['--trace'], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'factum-bank');
    expect(options).toEqual({ console: true, otlpEndpoint: 'http://collector:4318', serviceName: 'factum-bank' });
  });

  it('OTEL_SERVICE_NAME and OTEL_METRIC_EXPORT_INTERVAL win over the defaults; a bad interval is ignored', () => {
    expect(telemetryOptionsFrom([], { OTEL_SERVICE_NAME: 'bank-eu', OTEL_METRIC_EXPORT_INTERVAL: '2500' }, 'factum-bank')).toEqual({
      console: false,
      serviceName: 'bank-eu',
      metricIntervalMs: 2500,
    });
    expect(telemetryOptionsFrom([], { OTEL_METRIC_EXPORT_INTERVAL: 'soon' }, 'factum-bank')).not.toHaveProperty('metricIntervalMs');
  });
});
