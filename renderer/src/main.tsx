document.getElementById('root')!.textContent = 'Fleetplan'
