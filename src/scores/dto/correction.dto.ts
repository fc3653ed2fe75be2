export type { CorrectionPreview, CorrectionReceipt } from '../../contracts/rest.js';
