// The print view of a list (kit/list_print.html): its 打印 button.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-xn-print]")) window.print();
});
