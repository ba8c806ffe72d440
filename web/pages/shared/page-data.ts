/**
 * The JSON the server renders into `<script type="application/json" id="page-data">`, typed by
 * the contract in src/http/routes/pages/page-data.ts (the server writes exactly that shape).
 */
export function readPageData<T>(): T {
  const element = document.getElementById('page-data');
  return JSON.parse(element?.textContent ?? '{}') as T;
}
