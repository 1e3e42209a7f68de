// Starts a file download from a URL the server answers with Content-Disposition: attachment (the page stays).
export function startDownload(url: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
}
