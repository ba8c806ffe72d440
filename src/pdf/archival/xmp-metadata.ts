/**
 * The XMP additions PDF/A-3b needs beyond what PDFKit writes itself (dc:title, dc:creator,
 * xmp:CreateDate, xmp:CreatorTool, pdf:Producer and, in its PDF/A mode, pdfaid:part and
 * pdfaid:conformance): the modification and metadata dates, and Certa's own document id
 * property with the extension schema description that PDF/A (ISO 19005-3 §6.6.2.3) requires
 * for any property outside the predefined schemas.
 */

/** Namespace of Certa's XMP properties. A URN, so it names no host that could go away. */
export const CERTA_XMP_NAMESPACE = 'urn:certa:xmp:1.0:';
export const CERTA_XMP_PREFIX = 'certa';

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes the five XML special characters, for text and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
}

/** XMP dates the way PDFKit writes xmp:CreateDate: whole seconds, UTC, with 'Z'. */
export function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The PDF/A extension schema description of the `certa` namespace: without it a PDF/A
 * validator rejects `certa:documentId` as an undefined property.
 */
function certaExtensionSchema(): string {
  return `<rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>Certa certified document</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>${CERTA_XMP_NAMESPACE}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>${CERTA_XMP_PREFIX}</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>documentId</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>Public id of the document on the Certa platform that issued it; its verification page and status are found by it</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>`;
}

/**
 * The rdf:Description elements to append to PDFKit's packet. `modifyDate` must equal the Info
 * dictionary's ModDate (PDF/A wants Info and XMP to agree); `documentId` is left out for
 * documents that have none yet (template previews).
 */
export function archivalXmpDescriptions(input: {
  readonly modifyDate: Date;
  readonly documentId?: string | undefined;
}): string {
  const dates = `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
  <xmp:ModifyDate>${xmpDate(input.modifyDate)}</xmp:ModifyDate>
  <xmp:MetadataDate>${xmpDate(input.modifyDate)}</xmp:MetadataDate>
</rdf:Description>`;
  if (input.documentId === undefined) return dates;
  const id = `<rdf:Description rdf:about="" xmlns:${CERTA_XMP_PREFIX}="${CERTA_XMP_NAMESPACE}">
  <${CERTA_XMP_PREFIX}:documentId>${escapeXml(input.documentId)}</${CERTA_XMP_PREFIX}:documentId>
</rdf:Description>`;
  return [certaExtensionSchema(), id, dates].join('\n');
}
