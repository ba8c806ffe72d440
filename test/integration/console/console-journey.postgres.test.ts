import { describeConsoleJourney } from './console-journey-run.js';

describeConsoleJourney('postgres', 'PostgreSQL');
