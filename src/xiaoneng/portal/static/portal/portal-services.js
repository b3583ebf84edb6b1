/* 办事指南: the print button. Our own code; no third-party script. */
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) window.print();
});
