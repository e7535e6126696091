import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.ts';
import { installFocusReturn } from './utils/focus-return.ts';
import './styles/data-table.css';
import './styles/links.css';

installFocusReturn(router);
createApp(App).use(createPinia()).use(router).mount('#app');
