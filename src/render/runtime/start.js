// lectern slide runtime, part 5 of 5: start.

  collect();
  if (presenter) { startClock(); startLog(); buildPresenter(); }
  // A reload stays on the slide in the address (#5 or #5.2).
  if (/^#\d+(\.\d+)?$/.test(location.hash)) fromHash(); else go(0, 0, true);
  showMedia();
