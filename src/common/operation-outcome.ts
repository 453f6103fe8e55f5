import { MpiErrorDetail } from './mpi-error';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: {
    severity: 'fatal' | 'error' | 'warning' | 'information';
    code: string;
    diagnostics?: string;
    expression?: string[];
  }[];
}

export function operationOutcome(
  fhirCode: string,
  message: string,
  details: MpiErrorDetail[] = [],
): OperationOutcome {
  if (details.length === 0) {
    return {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: fhirCode, diagnostics: message }],
    };
  }
  return {
    resourceType: 'OperationOutcome',
    issue: details.map((d) => ({
      severity: 'error' as const,
      code: fhirCode,
      diagnostics: d.reason,
      ...(d.location ? { expression: [d.location] } : {}),
    })),
  };
}
