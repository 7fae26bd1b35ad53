/** Digital signatures: certificates, signing, verification (issue #5). */
export const vi = {
  'audit.action.signatures.certificate_issued': 'Cấp chứng thư số',
  'audit.action.signatures.certificate_imported': 'Nhập chứng thư số (PKCS#12)',
  'audit.action.signatures.certificate_revoked': 'Thu hồi chứng thư số',
  'audit.action.signatures.signature_image_uploaded': 'Tải lên ảnh chữ ký',
  'audit.action.signatures.document_signed': 'Ký số văn bản',
  'audit.target.certificate': 'Chứng thư số',
  'audit.target.signed_document': 'Văn bản đã ký số',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'audit.action.signatures.certificate_issued': 'Issued a signing certificate',
  'audit.action.signatures.certificate_imported': 'Imported a signing certificate (PKCS#12)',
  'audit.action.signatures.certificate_revoked': 'Revoked a signing certificate',
  'audit.action.signatures.signature_image_uploaded': 'Uploaded a signature image',
  'audit.action.signatures.document_signed': 'Signed a document',
  'audit.target.certificate': 'Signing certificate',
  'audit.target.signed_document': 'Signed document',
};
