// The report form's live hint: the amount as a yearly figure, before sending,
// so a month's or an hour's pay is not mistaken for a year's. The form works
// the same without it; the server checks units again.
(function () {
  "use strict";
  var form = document.querySelector("form.share-form");
  if (!form) return;
  var amount = form.querySelector("#field-amount");
  var preview = form.querySelector("#yearly-preview");
  var hours = Number(form.getAttribute("data-hours-per-year"));
  var perYear = { year: 1, month: 12, hour: hours };
  var dollars = new Intl.NumberFormat("en-US", {
    style: "currency", currency: "USD", maximumFractionDigits: 0
  });

  function update() {
    var text = amount.value.replace(/[$,\s]/g, "");
    var checked = form.querySelector("input[name=period]:checked");
    var period = checked ? checked.value : "year";
    var value = Number(text);
    if (text === "" || !isFinite(value) || value <= 0) {
      preview.textContent = "";
      return;
    }
    var yearly = Math.round(value * perYear[period]);
    preview.textContent = period === "year"
      ? "Shown as yearly: " + dollars.format(yearly) + " a year."
      : "Shown as yearly: " + dollars.format(yearly) + " a year (" +
        dollars.format(value) + " " + (period === "month" ? "a month × 12" : "an hour × " + hours + " hours") + ").";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
