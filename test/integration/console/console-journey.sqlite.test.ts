import { describeConsoleJourney } from './console-journey-run.js';

describeConsoleJourney('sqlite', 'SQLite');
