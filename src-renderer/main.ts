import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.ts';
import './styles/data-table.css';
import './styles/links.css';

createApp(App).use(createPinia()).use(router).mount('#app');
