import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '../command.ts';
import { DOCUMENT_TYPES, type DocumentContent, type DocumentSignature, type DocumentType } from '../../../core/domain.ts';
import { renderDocument } from '../../documents/render.ts';
import { pdfToPng } from '../../documents/preview.ts';
import { DOCUMENT_TITLES } from '../../documents/titles.ts';
import { openConfiguredRegistry } from '../embedded-registry.ts';
import { option } from '../command.ts';
import { sampleDocuments } from '../../documents/sample/family.ts';
import { samplePhoto, sampleSignature } from '../../documents/sample/images.ts';

/** `{ content, signature }` as JSON; a person's `photo` and `signature` image bytes are base64 strings. */
function packageFromJson(text: string): { content: DocumentContent; signature: DocumentSignature } {
  return JSON.parse(text, function (this: Record<string, unknown>, key, value: unknown) {
    const person = typeof this.nik === 'string' && typeof this.name === 'string';
    return person && (key === 'photo' || key === 'signature') && typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  }) as { content: DocumentContent; signature: DocumentSignature };
}

export const renderCommand: Command = {
  name: 'render',
  summary: 'render a document from the embedded registry to PDF (and a PNG preview)',
  usage:
    '<kk|ktp|kia|akta-lahir|akta-mati> --id <No. KK, NIK or akta number> --out FILE.pdf [--png FILE.png] [--config FILE | --registry FILE.sqlite]\n' +
    '       adm render --package PACKAGE.json --out FILE.pdf [--png FILE.png]   (content + signature as JSON, images base64)\n' +
    '       adm render <type> --sample --out FILE.pdf [--png FILE.png]   (the built-in sample household, signed with the SAMPLE key: test prints and previews)',
  async run(argv) {
    const out = option(argv, '--out');
    const png = option(argv, '--png');
    const packageFile = option(argv, '--package');
    const type = argv[0] as DocumentType | undefined;
    const id = option(argv, '--id');
    const sample = argv.includes('--sample');
    const typeOk = type !== undefined && DOCUMENT_TYPES.includes(type);
    if (out === undefined || (packageFile === undefined && (!typeOk || (id === undefined && !sample)))) {
      process.stderr.write(`usage: adm render ${this.usage}\n`);
      return 2;
    }
    let pkg: { content: DocumentContent; signature: DocumentSignature };
    if (sample) {
      pkg = sampleDocuments({ photo: await samplePhoto(), signature: await sampleSignature() })[type as DocumentType];
    } else if (packageFile !== undefined) {
      try {
        pkg = packageFromJson(readFileSync(packageFile, 'utf8'));
      } catch (e) {
        process.stderr.write(`adm render: cannot read ${packageFile}: ${(e as Error).message}\n`);
        return 2;
      }
    } else {
      const registry = openConfiguredRegistry({ configFile: option(argv, '--config'), registryFile: option(argv, '--registry') });
      if (!registry.ok) {
        process.stderr.write(`adm render: ${registry.error}\n`);
        return 1;
      }
      try {
        const found = registry.value.renderPackage(type as DocumentType, id as string, registry.value.today());
        if (!found.ok) {
          process.stderr.write(`adm render: ${found.error.code}: ${found.error.message}\n`);
          return 1;
        }
        pkg = found.value;
      } finally {
        await registry.value.close();
      }
    }
    const rendered = await renderDocument(pkg.content, pkg.signature);
    if (!rendered.ok) {
      process.stderr.write(`adm render: ${rendered.error.code}: ${rendered.error.message}\n`);
      return 1;
    }
    const doc = rendered.value;
    writeFileSync(out, doc.pdf);
    process.stdout.write(
      `${out}: ${DOCUMENT_TITLES[doc.type].id} ${doc.pages} halaman/pages, ${doc.pdf.length} bytes, for the ${doc.media === 'a4' ? 'A4' : 'card'} printer\n` +
        `QR: ${doc.qrText}\n`,
    );
    if (png !== undefined) {
      const picture = await pdfToPng(doc.pdf, { dpi: doc.media === 'card' ? 300 : 200, signal: AbortSignal.timeout(60_000) });
      if (!picture.ok) {
        process.stderr.write(`adm render: no PNG: ${picture.error.message}\n`);
        return 1;
      }
      writeFileSync(png, picture.value);
      process.stdout.write(`${png}: preview\n`);
    }
    return 0;
  },
};
