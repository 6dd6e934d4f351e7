// Writes the Parquet fixtures of tests/data/readers-columnar.test.ts with the Rust Arrow/Parquet writer
// (parquet-wasm), whose files differ from hyparquet-writer's the way pyarrow's and polars' do: version 1
// data pages, dictionary pages falling back to plain ones, other codecs. Run from the repository root:
//   node tests/golden/columnar/make_columnar.mjs
// The test reads the committed files; the data below is repeated there as the expected values.
import { bool, float64, int32, int64, list, tableFromArrays, tableToIPC, timestamp, utf8 } from '@uwdata/flechette';
import { Compression, Table, WriterPropertiesBuilder, WriterVersion, writeParquet } from 'parquet-wasm';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const small = {
  y: [1.5, null, NaN, -0.25, 1e300, 2, 3],
  i: [3, 1, null, 3, -2, 1, 7],
  big: [9007199254740993n, 5n, null, 9007199254740993n, 5n, 12n, -9007199254740995n],
  s: ['b', 'a', null, 'b', 'c', null, 'a'],
  flag: [true, false, null, true, true, false, false],
  ts: [0, 86400000, null, 1700000000123, -1000, 0, 5],
};
const smallTypes = { y: float64(), i: int32(), big: int64(), s: utf8(), flag: bool(), ts: timestamp() };

// 1,000 rows: text that starts repetitive (dictionary pages) and turns unique (the writer falls back to plain
// pages within the chunk), numbers with a null every 7th row, small pages and row groups.
const n = 1000;
const mixed = {
  s: Array.from({ length: n }, (_, r) => (r % 11 === 5 ? null : r < 400 ? `k${r % 37}` : `unique-${r}-${'x'.repeat(r % 13)}`)),
  x: Array.from({ length: n }, (_, r) => (r % 7 === 3 ? null : Math.sin(r) * 1e3)),
  g: Array.from({ length: n }, (_, r) => (r % 13 === 0 ? null : (r * 7919) % 50 - 25)),
};
const mixedTypes = { s: utf8(), x: float64(), g: int32() };

function parquet(columns, types, props) {
  const ipc = tableToIPC(tableFromArrays(columns, { types }), { format: 'stream' });
  return writeParquet(Table.fromIPCStream(ipc), props.build());
}

writeFileSync(join(here, 'small-v1.parquet'), parquet(small, smallTypes,
  new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V1).setCompression(Compression.SNAPPY).setMaxRowGroupSize(3)));
writeFileSync(join(here, 'small-zstd.parquet'), parquet(small, smallTypes,
  new WriterPropertiesBuilder().setCompression(Compression.ZSTD)));
writeFileSync(join(here, 'small-gzip.parquet'), parquet(small, smallTypes,
  new WriterPropertiesBuilder().setCompression(Compression.GZIP)));
writeFileSync(join(here, 'mixed-v1.parquet'), parquet(mixed, mixedTypes,
  new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V1).setCompression(Compression.UNCOMPRESSED)
    .setMaxRowGroupSize(400).setDataPageSizeLimit(256).setWriteBatchSize(16).setDictionaryPageSizeLimit(512)));
writeFileSync(join(here, 'mixed-v2.parquet'), parquet(mixed, mixedTypes,
  new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V2).setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(400).setDataPageSizeLimit(256).setWriteBatchSize(16).setDictionaryPageSizeLimit(512)));
writeFileSync(join(here, 'nested.parquet'), parquet({ id: [1, 2], tags: [[1, 2], [3]] }, { id: int32(), tags: list(int32()) },
  new WriterPropertiesBuilder()));
