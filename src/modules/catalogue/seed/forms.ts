/**
 * Online forms (tờ khai) of the most used procedures, after the forms of TT 04/2024/TT-BTP (hộ tịch)
 * and TT 01/2020/TT-BTP (chứng thực). Other procedures get theirs when the province edits them.
 */
import type { FormDefinition, FormField } from '../domain/procedure.ts';

const SEX = [{ value: 'nam', label: 'Nam' }, { value: 'nu', label: 'Nữ' }];
const RELATION = [
  { value: 'cha_me', label: 'Cha, mẹ' }, { value: 'ong_ba', label: 'Ông, bà' }, { value: 'nguoi_than', label: 'Người thân thích khác' }, { value: 'uy_quyen', label: 'Người được ủy quyền' },
];
const name = (n: string, label: string): FormField => ({ name: n, type: 'text', label, required: true, validation: { minLength: 2, maxLength: 120 } });
const idNumber = (n: string, label: string, required = true): FormField => ({ name: n, type: 'id_number', label, required, hint: 'Số định danh cá nhân gồm 12 chữ số', validation: { pattern: '^[0-9]{12}$' } });
const date = (n: string, label: string): FormField => ({ name: n, type: 'date', label, required: true, validation: { notAfterToday: true } });
const text = (n: string, label: string, maxLength = 300, required = true): FormField => ({ name: n, type: 'text', label, required, validation: { maxLength } });

const applicant = {
  title: 'Người yêu cầu',
  fields: [
    name('applicantName', 'Họ, chữ đệm, tên người yêu cầu'),
    idNumber('applicantId', 'Số định danh cá nhân của người yêu cầu'),
    { name: 'applicantPhone', type: 'phone', label: 'Số điện thoại liên hệ', required: true, validation: { pattern: '^0[0-9]{9}$' } },
    text('applicantAddress', 'Nơi cư trú'),
  ] as FormField[],
};

const birth: FormDefinition = {
  sections: [
    applicant,
    { title: 'Quan hệ với người được khai sinh', fields: [{ name: 'relation', type: 'select', label: 'Quan hệ với người được khai sinh', required: true, options: RELATION }] },
    {
      title: 'Người được khai sinh',
      fields: [
        name('childName', 'Họ, chữ đệm, tên'),
        { name: 'childSex', type: 'radio', label: 'Giới tính', required: true, options: SEX },
        date('childBirthDate', 'Ngày, tháng, năm sinh'),
        text('childBirthPlace', 'Nơi sinh (cơ sở y tế hoặc địa chỉ)'),
        text('childEthnicity', 'Dân tộc', 50),
        text('childNationality', 'Quốc tịch', 50),
      ],
    },
    {
      title: 'Cha, mẹ',
      fields: [
        name('motherName', 'Họ, chữ đệm, tên người mẹ'),
        idNumber('motherId', 'Số định danh cá nhân của người mẹ', false),
        { name: 'fatherKnown', type: 'radio', label: 'Có thông tin về người cha không?', required: true, options: [{ value: 'co', label: 'Có' }, { value: 'khong', label: 'Không' }] },
        { ...name('fatherName', 'Họ, chữ đệm, tên người cha'), showIf: { field: 'fatherKnown', in: ['co'] } },
        { ...idNumber('fatherId', 'Số định danh cá nhân của người cha', false), showIf: { field: 'fatherKnown', in: ['co'] } },
      ],
    },
  ],
};

const spouse = (prefix: 'bride' | 'groom', title: string) => ({
  title,
  fields: [
    name(`${prefix}Name`, 'Họ, chữ đệm, tên'),
    date(`${prefix}BirthDate`, 'Ngày, tháng, năm sinh'),
    idNumber(`${prefix}Id`, 'Số định danh cá nhân'),
    text(`${prefix}Ethnicity`, 'Dân tộc', 50),
    text(`${prefix}Residence`, 'Nơi cư trú'),
    { name: `${prefix}Marriages`, type: 'select', label: 'Kết hôn lần thứ mấy', required: true, options: [{ value: '1', label: 'Lần thứ nhất' }, { value: '2', label: 'Lần thứ hai trở lên' }] },
  ] as FormField[],
});

const marriage: FormDefinition = {
  sections: [
    spouse('bride', 'Bên nữ'),
    spouse('groom', 'Bên nam'),
    { title: 'Liên hệ', fields: [{ name: 'applicantPhone', type: 'phone', label: 'Số điện thoại liên hệ', required: true, validation: { pattern: '^0[0-9]{9}$' } }] },
  ],
};

const death: FormDefinition = {
  sections: [
    applicant,
    {
      title: 'Người đã chết',
      fields: [
        name('deceasedName', 'Họ, chữ đệm, tên'),
        date('deceasedBirthDate', 'Ngày, tháng, năm sinh'),
        idNumber('deceasedId', 'Số định danh cá nhân', false),
        date('deathDate', 'Ngày chết'),
        { name: 'deathTime', type: 'text', label: 'Giờ chết (nếu biết)', validation: { pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } },
        text('deathPlace', 'Nơi chết'),
        text('deathCause', 'Nguyên nhân chết', 300, false),
        text('deathNoticeNumber', 'Số Giấy báo tử hoặc giấy tờ thay thế', 50),
      ],
    },
  ],
};

const certifiedCopy: FormDefinition = {
  sections: [
    applicant,
    {
      title: 'Giấy tờ cần chứng thực',
      fields: [
        text('documentName', 'Tên giấy tờ, văn bản (ví dụ: Bằng tốt nghiệp, Giấy khai sinh)', 200),
        text('documentIssuer', 'Cơ quan cấp', 200),
        { name: 'pages', type: 'number', label: 'Số trang của bản chính', required: true, validation: { min: 1, max: 500 } },
        { name: 'copies', type: 'number', label: 'Số bản sao cần chứng thực', required: true, validation: { min: 1, max: 50 } },
        { name: 'foreignDocument', type: 'checkbox', label: 'Giấy tờ do cơ quan nước ngoài cấp' },
        { ...text('legalisation', 'Số hợp pháp hóa lãnh sự (nếu có)', 100, false), showIf: { field: 'foreignDocument', in: ['on'] } },
      ],
    },
  ],
};

const maritalStatus: FormDefinition = {
  sections: [
    applicant,
    {
      title: 'Người được xác nhận tình trạng hôn nhân',
      fields: [
        name('subjectName', 'Họ, chữ đệm, tên'),
        date('subjectBirthDate', 'Ngày, tháng, năm sinh'),
        idNumber('subjectId', 'Số định danh cá nhân'),
        { name: 'status', type: 'select', label: 'Tình trạng hôn nhân hiện nay', required: true, options: [{ value: 'chua_ket_hon', label: 'Chưa đăng ký kết hôn với ai' }, { value: 'da_ly_hon', label: 'Đã ly hôn' }, { value: 'vo_chong_chet', label: 'Vợ (chồng) đã chết' }, { value: 'dang_co_vo_chong', label: 'Đang có vợ (chồng)' }] },
        { name: 'purpose', type: 'select', label: 'Mục đích sử dụng', required: true, options: [{ value: 'ket_hon', label: 'Để đăng ký kết hôn' }, { value: 'khac', label: 'Mục đích khác' }] },
        { ...text('spouseToBe', 'Họ tên người dự định kết hôn', 120), showIf: { field: 'purpose', in: ['ket_hon'] } },
        { ...text('otherPurpose', 'Mục đích khác (ghi rõ)', 200), showIf: { field: 'purpose', in: ['khac'] } },
      ],
    },
  ],
};

/** Procedure code → its online form. */
export const SEED_FORMS: Record<string, FormDefinition> = {
  '1.001193': birth,
  '1.000894': marriage,
  '1.000656': death,
  '2.000815': certifiedCopy,
  '1.004873': maritalStatus,
};
