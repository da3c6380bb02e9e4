// Search benchmark: the whole tldr corpus (38,405 pages in 40+ languages) as
// notes, the index built in one call, then a fixed mix of queries such as
// people type. Target (issue 3): p95 ≤ 30 ms per search once the index is built.
import { NoteSearchIndex } from '../main/search/search-index';
import { corpusContext, readCorpusNotes, unpackTldrCorpus } from '../main/search/tldr-corpus';
import { parseSearchQuery } from '../shared/search-query';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

const ENGLISH = [
  'tar', 'grep', 'file', 'files', 'directory', 'archive', 'compress', 'network', 'process', 'user',
  'password', 'install', 'package', 'docker', 'git', 'commit', 'branch', 'remote', 'image', 'container',
  'server', 'port', 'list', 'show', 'delete', 'remove', 'create', 'copy', 'move', 'search',
  'pattern', 'recursively', 'verbose', 'output', 'input', 'config', 'kubernetes', 'python', 'java', 'npm',
  'ssh', 'key', 'certificate', 'database', 'query', 'string', 'replace', 'print', 'version', 'help',
  'the', 'a', 'to', 'of', 'and', 'in', 'with', 'from', 'for', 'specific',
];
// Words still being typed: the last one is matched as a prefix.
const PREFIXES = [
  'gre', 'arch', 'comp', 'netw', 'proc', 'dock', 'kube', 'pyth', 'inst', 'conf',
  'dir', 'rec', 'ver', 'outp', 'pas', 'cert', 'data', 'repl', 'prin', 'hel',
  'f', 'fi', 'ta', 'gi', 'co', 'se', 'lis', 'sho', 'del', 'cre',
  'create arch', 'list fil', 'git com', 'docker ima', 'show the ver', 'remove a pack', 'copy fi', 'search patt', 'print the out', 'install a pack',
];
const PHRASES_AND_WORDS = [
  'create archive', 'list files', 'git commit', 'docker image', 'network interface', 'process id', 'user password',
  'compressed archive file', 'current directory', 'remote repository',
  '"create an archive"', '"current directory"', '"in a file"', '"the specified"', '"more information"',
  'tar -gzip', 'file -directory', 'git -commit', 'archive -"tar"', 'docker -container',
];
const CHINESE = [
  '文件', '目录', '压缩', '显示', '列出', '删除', '创建', '网络', '进程', '用户',
  '密码', '安装', '软件包', '容器', '镜像', '服务器', '端口', '搜索', '模式', '配置',
  '档', '文', '压缩文件', '当前目录', '指定',
];
const JAPANESE = [
  'ファイル', 'ディレクトリ', '表示', '作成', '削除', 'アーカイブ', '圧縮', '検索', '一覧', 'インストール',
  'パッケージ', 'コンテナ', 'ネットワーク', 'プロセス', 'ユーザー', '設定', '実行', '出力', '入力', '変更',
];
const RUSSIAN = [
  'файл', 'директория', 'архив', 'показать', 'создать', 'удалить', 'список', 'процесс', 'пользователь', 'пароль',
  'установить', 'пакет', 'контейнер', 'сеть', 'сервер', 'порт', 'поиск', 'шаблон', 'конфигурация', 'вывести',
  'фай', 'архи', 'дирек',
];
const ARABIC = [
  'ملف', 'مجلد', 'أرشيف', 'عرض', 'إنشاء', 'حذف', 'قائمة', 'عملية', 'مستخدم', 'كلمة',
  'تثبيت', 'حزمة', 'حاوية', 'شبكة', 'خادم', 'منفذ', 'بحث', 'نمط', 'إعدادات', 'تشغيل',
];
const QUALIFIERS = [
  'book:pages.zh 文件', 'book:common tar', 'book:linux', 'book:pages.ru архив', 'book:osx',
  'tag:linux', 'tag:windows file', 'tag:common -tag:linux', 'tag:osx git', 'tag:android',
  'status:active', 'status:on-hold tar', 'status:completed file', 'status:"on hold"', '-status:none git',
  'title:git', 'title:docker', 'title:tar', 'title:git commit', '-title:git git',
  'book:pages.ja ファイル', 'book:pages.ar ملف', 'book:pages book:linux file', 'title:apt book:linux', 'status:dropped tag:osx',
  'book:pages -book:linux archive', 'tag:common status:active docker', 'book:windows title:dir', 'book:pages.zh title:git', 'status:active -tag:common',
];

/** The fixed query mix, ≥ 200 queries. */
export const SEARCH_BENCH_QUERIES: readonly string[] = [
  ...ENGLISH, ...PREFIXES, ...PHRASES_AND_WORDS, ...CHINESE, ...JAPANESE, ...RUSSIAN, ...ARABIC, ...QUALIFIERS,
];

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

const round = (n: number) => Math.round(n * 100) / 100;
// Present when node runs with --expose-gc (npm run bench does): steadier heap figures.
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

export async function benchSearch(): Promise<BenchResult[]> {
  const corpus = unpackTldrCorpus();
  try {
    const notes = readCorpusNotes(corpus.dir);
    const context = corpusContext(notes);
    const index = new NoteSearchIndex();
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const build = index.build(notes);
    collectGarbage();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

    // One pass to let the JIT settle (the app answers many searches per
    // session), then the measured pass. Nothing is cached between searches.
    const queries = SEARCH_BENCH_QUERIES.map((q) => ({ text: q, parsed: parseSearchQuery(q) }));
    for (const q of queries) index.search(q.parsed, context);
    const times: number[] = [];
    for (const q of queries) {
      const started = performance.now();
      index.search(parseSearchQuery(q.text), context);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    return [
      { name: `search index build (${build.notes} notes)`, value: Math.round(build.ms), unit: 'ms' },
      { name: 'search index heap (approx.)', value: Math.round(heapMb), unit: 'MB' },
      { name: `search p50 (${times.length} queries)`, value: round(percentile(times, 50)), unit: 'ms' },
      { name: `search p95 (${times.length} queries)`, value: round(p95), unit: 'ms', target: '≤ 30 ms', ok: p95 <= 30 },
      { name: 'search max', value: round(times[times.length - 1]!), unit: 'ms' },
    ];
  } finally {
    corpus.remove();
  }
}
