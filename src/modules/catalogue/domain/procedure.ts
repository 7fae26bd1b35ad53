/** A procedure (thủ tục hành chính) of the catalogue, as the rest of the system sees it. */
import type { FeeLine, FeeStatus } from './fees.ts';

export const TIME_UNITS = ['working_days', 'working_hours', 'days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** NĐ 42/2022 Art. 11: toàn trình, một phần, or not online at all. */
export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

export const FEE_TIMINGS = ['at_intake', 'on_result'] as const;
export type FeeTiming = (typeof FEE_TIMINGS)[number];

export const PROCEDURE_STATUSES = ['draft', 'published'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

export interface ProcessingTime {
  /** Null when the national record gives no figure. */
  value: number | null;
  /** Null when the portal shows a bare number (many hộ tịch records) or nothing. */
  unit: TimeUnit | null;
  note: string | null;
}

export interface Component {
  name: string;
  originals: number;
  copies: number;
  templateFile: string | null;
  required: boolean;
}

/** A step of the internal process (quy trình nội bộ) with its budget in working hours. */
export interface InternalStep {
  name: string;
  hours: number;
}

export const FIELD_TYPES = ['text', 'textarea', 'date', 'number', 'select', 'radio', 'checkbox', 'id_number', 'phone', 'email'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One field of the online form (tờ khai). */
export interface FormField {
  name: string;
  type: FieldType;
  label: string;
  hint?: string;
  required?: boolean;
  options?: { value: string; label: string }[];
  validation?: { minLength?: number; maxLength?: number; min?: number; max?: number; pattern?: string; notAfterToday?: boolean };
  /** Shown (and required) only when another field has one of these values. */
  showIf?: { field: string; in: string[] };
}

export interface FormSection {
  title: string;
  fields: FormField[];
}

export interface FormDefinition {
  sections: FormSection[];
}

export const EMPTY_FORM: FormDefinition = { sections: [] };

export interface Procedure {
  id: number;
  code: string;
  version: number;
  status: ProcedureStatus;
  effectiveFrom: string;
  name: string;
  field: string;
  level: string;
  /** Who decides (cơ quan thực hiện), who receives, who else takes part. */
  agencies: string[];
  legalBasis: string[];
  /** Trình tự thực hiện: the steps, in order. */
  steps: string[];
  /** Cách thức thực hiện: the channels (trực tiếp, bưu chính, trực tuyến). */
  methods: string[];
  subjects: string;
  processingTime: ProcessingTime;
  feeStatus: FeeStatus;
  feeLines: FeeLine[];
  feeNote: string | null;
  feeTiming: FeeTiming;
  paperResultRequired: boolean;
  resultDocument: string | null;
  onlineLevel: OnlineLevel;
  internalSteps: InternalStep[];
  formDefinition: FormDefinition;
  source: string;
  components: Component[];
}

/** One line of the search results. */
export type ProcedureSummary = Pick<Procedure, 'code' | 'name' | 'field' | 'level' | 'processingTime' | 'feeStatus' | 'feeLines' | 'onlineLevel'>;

/** What it takes to store a procedure version. */
export type NewProcedure = Omit<Procedure, 'id'>;
