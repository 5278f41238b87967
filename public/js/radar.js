// Readiness radar (Chart.js, served locally). Progressive enhancement: the same numbers are always in
// the table next to the chart; without JavaScript the chart stays hidden and the table says it all.
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;

  var lang = document.documentElement.lang === 'en' ? 'en' : 'fr';
  var styles = {
    latest: { border: 'rgb(11, 93, 116)', background: 'rgba(11, 93, 116, 0.2)', dash: [], fill: true, point: 'circle' },
    previous: { border: 'rgb(108, 117, 125)', background: 'rgba(108, 117, 125, 0.08)', dash: [6, 4], fill: false, point: 'rect' },
    target: { border: 'rgb(204, 102, 0)', background: 'rgba(204, 102, 0, 0)', dash: [2, 3], fill: false, point: 'triangle' },
  };

  document.querySelectorAll('[data-radar]').forEach(function (box) {
    var data;
    try {
      data = JSON.parse(box.getAttribute('data-radar') || '');
    } catch {
      return;
    }
    if (!data || !data.datasets || data.datasets.length === 0) return;
    var canvas = box.querySelector('canvas');
    if (!canvas) return;
    box.hidden = false;
    box.style.maxWidth = '30rem';
    new window.Chart(canvas, {
      type: 'radar',
      data: {
        labels: data.labels[lang] || data.labels.fr,
        datasets: data.datasets.map(function (set) {
          var style = styles[set.kind] || styles.latest;
          return {
            label: set.label[lang] || set.label.fr,
            data: set.data,
            borderColor: style.border,
            backgroundColor: style.background,
            borderDash: style.dash,
            borderWidth: 2,
            fill: style.fill,
            pointStyle: style.point,
            pointRadius: 4,
            pointBackgroundColor: style.border,
            spanGaps: true,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 1,
        animation: false,
        scales: {
          r: {
            min: 0,
            max: 9,
            ticks: { stepSize: 1, showLabelBackdrop: false, font: { size: 10 }, color: '#6c757d' },
            pointLabels: { font: { size: 12 }, color: '#212529' },
          },
        },
        layout: { padding: 0 },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 24 } } },
      },
    });
  });
})();
